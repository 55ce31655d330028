"""The application: the command line, the build pipeline (what is stale, the lock, the
manifest, atomic writes of the outputs), the scheduler that runs the builders, ``--watch``
and ``--check``.  It imports the builders (``report/``, ``slides/``) and the model; neither
imports it back.
"""
