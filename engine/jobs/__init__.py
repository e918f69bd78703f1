"""jobs: the job registry (@job, isolated jobs in a child process) and the jobs of each tab.

May import: everything below it (features, runtime, models, decoding, store, core); the child
process entry point (child_main) also uses the composition root engine.app.
"""
