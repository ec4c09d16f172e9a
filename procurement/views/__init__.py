"""The clerk's pages, one module per page: overview, queue, case (and its actions)."""
