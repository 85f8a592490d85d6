"""The row of one entity in an entity table (tests/signals/test_entities*.py)."""


def row(table, entity):
    hit = table[table["entity"] == entity]
    assert len(hit) == 1, table[["entity", "spellings"]]
    return hit.iloc[0]
