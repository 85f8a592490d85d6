"""The conversation's structure: who replies to whom (``replies``), when (``timeline``) and how
much each commenter writes (``activity``). Imports ``model`` and ``columns`` only.
"""
