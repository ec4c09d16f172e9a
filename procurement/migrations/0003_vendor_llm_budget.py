from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("procurement", "0002_roles"),
    ]

    operations = [
        migrations.AddField(
            model_name="vendor",
            name="llm_token_budget",
            field=models.PositiveIntegerField(
                blank=True, null=True, verbose_name="LLM token budget per invoice"
            ),
        ),
        migrations.AddField(
            model_name="vendor",
            name="llm_usd_budget",
            field=models.DecimalField(
                blank=True,
                decimal_places=4,
                max_digits=10,
                null=True,
                verbose_name="LLM USD budget per invoice",
            ),
        ),
    ]
