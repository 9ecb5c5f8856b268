"""Pages of district–town joint action: campaigns (list, new, the board, launch, close, XLSX) and the towns'
tasks (list, the task with its report form)."""
