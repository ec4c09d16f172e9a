"""django-rq's commands (`rqworker`, `rqcron`, `rqstats`, ...), loaded only when one runs.

django-rq's own app imports redis and rq (and, through redis, `cryptography`) as Django starts,
whatever the command: a fifth of `manage.py extract_invoice`'s start-up, for a command that
never touches a queue. This app, listed in INSTALLED_APPS instead of "django_rq", offers the same
commands, each importing django-rq's when it runs. Nothing else of that app is used: its
dashboard is deliberately not mounted (settings.RQ_SHOW_ADMIN_LINK), and queues, workers and
connections come from `django_rq.get_queue()` and friends, which need no installed app.
"""
