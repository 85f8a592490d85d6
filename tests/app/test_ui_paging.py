"""Paged tables (app_pages/_ui.py): the rows of the page chosen, in the order chosen; the CSV holds all."""

import pandas as pd
from streamlit.testing.v1 import AppTest

from app_pages import _ui


def paged_app():
    import pandas as pd

    from app_pages import _ui

    frame = pd.DataFrame({"author": ["ann", "bob", "cat", "dan", "eve"], "score": [0.5, None, -0.2, 0.9, 0.1]})
    _ui.table(frame, "Tiny", page_rows=2)


def shown(at: AppTest) -> pd.DataFrame:
    return at.dataframe[0].value


def test_a_tiny_table_two_rows_a_page_shows_the_page_chosen():
    at = AppTest.from_function(paged_app).run()
    assert not at.exception
    assert shown(at)["author"].tolist() == ["ann", "bob"]
    assert at.number_input(key="page-tiny").max == 3  # 5 rows, 2 a page
    at.number_input(key="page-tiny").set_value(3).run()
    assert shown(at)["author"].tolist() == ["eve"]
    assert "Rows 5 to 5 of 5" in " ".join(c.value for c in at.caption)


def test_the_sort_covers_every_row_not_only_the_page():
    at = AppTest.from_function(paged_app).run()
    at.selectbox(key="sort-tiny").set_value("score").run()
    assert shown(at)["author"].tolist() == ["cat", "eve"]
    at.toggle(key="desc-tiny").set_value(True).run()
    assert shown(at)["author"].tolist() == ["dan", "ann"]
    at.number_input(key="page-tiny").set_value(3).run()
    assert shown(at)["author"].tolist() == ["bob"]  # missing last, either way


def test_a_table_within_one_page_has_no_page_widgets():
    def small():
        import pandas as pd

        from app_pages import _ui

        _ui.table(pd.DataFrame({"n": [1, 2]}), "Small", page_rows=2)

    at = AppTest.from_function(small).run()
    assert not at.number_input and not at.selectbox
    assert shown(at)["n"].tolist() == [1, 2]


def test_sort_order_puts_missing_values_last_and_keeps_ties_in_order():
    frame = pd.DataFrame({"s": ["b", None, "a", "b"]})
    assert _ui.sort_order(frame, "s").tolist() == [2, 0, 3, 1]
    assert _ui.sort_order(frame, "s", descending=True).tolist() == [0, 3, 2, 1]


def test_sortable_columns_leave_out_lists():
    frame = pd.DataFrame(
        {"n": [1], "when": pd.to_datetime(["2013-02-20"]), "text": pd.Series(["x"], dtype="str"), "mentions": [["a"]]}
    )
    assert _ui.sortable_columns(frame) == ["n", "when", "text"]


def decorated_app():
    import pandas as pd

    from app_pages import _ui

    def with_names(rows: pd.DataFrame) -> pd.DataFrame:  # looked up for the rows shown, as the pages do
        decorated.append(len(rows))
        return rows.assign(name=rows["code"].map({1: "zoe", 2: "adam", 3: "mia", 4: "bea", 5: "al"}))

    decorated = []
    frame = pd.DataFrame({"code": [1, 2, 3, 4, 5]})
    _ui.table(frame, "Decorated", page_rows=2, key="data-1", decorate=with_names)
    import streamlit as st

    st.caption(f"decorated {decorated}")


def test_a_column_the_decoration_adds_sorts_every_row_but_is_looked_up_for_all_only_when_chosen():
    at = AppTest.from_function(decorated_app).run()
    assert "name" in at.selectbox(key="sort-decorated").options
    assert shown(at)["name"].tolist() == ["zoe", "adam"]
    assert "decorated [0, 2]" in [c.value for c in at.caption]  # the empty frame for the columns, the page
    at.selectbox(key="sort-decorated").set_value("name").run()
    assert shown(at)["name"].tolist() == ["adam", "al"]
    assert "decorated [0, 5, 2]" in [c.value for c in at.caption]  # every row once, to sort
    at.number_input(key="page-decorated").set_value(3).run()
    assert shown(at)["name"].tolist() == ["zoe"]
