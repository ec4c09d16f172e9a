"""Drafts proposed before the ledger named their writer read "exception agent (rules/rules) via
python": drop how the tool was called, which means nothing to an approver."""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Replace

_REWRITES = (
    (" via python", ""),
    (" via llm", ""),
    (" via http", " over the tool API"),
    ("(rules/rules)", "(rules)"),
)


def forwards(apps, schema_editor):
    OutboundEmail = apps.get_model("approvals", "OutboundEmail")
    for old, new in _REWRITES:
        OutboundEmail.objects.filter(drafted_by__contains=old).update(
            drafted_by=Replace("drafted_by", Value(old), Value(new))
        )


class Migration(migrations.Migration):

    dependencies = [
        ("approvals", "0002_states_signoff_outbox"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
