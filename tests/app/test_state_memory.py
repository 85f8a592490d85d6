"""The dashboard's state frees what no cache holds before it makes a new filtered view."""

import gc
import weakref

from app_pages import state


class _Held:
    """Stands for a view held only by a reference cycle (a page's module left by an earlier run)."""


def _view_in_a_cycle() -> weakref.ref:
    view = _Held()
    cycle: dict = {"analysis": view}
    cycle["self"] = cycle
    return weakref.ref(view)


def test_views_held_only_by_reference_cycles_are_freed_before_a_new_view_is_made():
    gc.disable()  # or an automatic collection could free them first and the test prove nothing
    try:
        gone = [_view_in_a_cycle() for _ in range(3)]
        assert all(ref() is not None for ref in gone)
        state._free_dropped_views()
        assert all(ref() is None for ref in gone)
    finally:
        gc.enable()


def test_what_is_alive_when_an_analysis_is_served_is_left_out_of_collections_until_the_next_one():
    gc.disable()
    try:
        view = _Held()
        holder = [{"analysis": view}]
        holder[0]["self"] = holder[0]  # a cycle, alive while held
        gone = weakref.ref(view)
        del view
        state._left_out_of_collections(None)
        assert gc.get_freeze_count() > 0
        holder.clear()  # dropped while frozen: collections leave the cycle alone ...
        gc.collect()
        assert gone() is not None
        state._left_out_of_collections(None)  # ... until the next analysis served unfreezes and collects first
        assert gone() is None
    finally:
        gc.unfreeze()
        gc.enable()


def test_a_view_the_cache_drops_lets_go_of_its_columns_while_something_still_holds_it():
    from conftest import memory_of

    import analytics
    from analytics.views.filters import Filters, comment_columns, for_views

    served = for_views(analytics.enrich(analytics.load(analytics.SAMPLE)))
    key = "test_state_memory"
    first = state.filtered_for(served, key, Filters(sentiment=(0.05, 1.0)))  # some comments score less
    taken = memory_of(comment_columns(first, ["polarity"])["polarity"])
    gc.collect()
    assert taken() is not None
    for low in range(state.FILTERED_VIEWS):  # as many other views as the cache keeps
        state.filtered_for(served, key, Filters(sentiment=(0.1 + low / 10, 1.0)))
    gc.collect()
    assert taken() is None  # `first` is still held here, but not its columns
    assert (
        comment_columns(first, ["polarity"])["polarity"].tolist()
        == served.comments.loc[served.comments["polarity"] >= 0.05, "polarity"].tolist()
    )
