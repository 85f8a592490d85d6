"""The dashboard's state frees what no cache holds before it makes a new filtered view."""
import gc
import weakref

from app_pages import state


class _Held:
    """Stands for a view held only by a reference cycle (a page's module left by an earlier run)."""


def test_a_view_held_only_by_a_reference_cycle_is_freed_before_a_new_view_is_made():
    gc.disable()  # or an automatic collection could free it first and the test prove nothing
    try:
        view = _Held()
        cycle: dict = {"analysis": view}
        cycle["self"] = cycle
        gone = weakref.ref(view)
        del view, cycle
        assert gone() is not None
        state._free_dropped_views()
        assert gone() is None
    finally:
        gc.enable()
