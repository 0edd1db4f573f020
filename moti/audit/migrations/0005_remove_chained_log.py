"""The hash-chained log, whose head row serialised every request, makes way for the sealed log
(0006). Its rows are not carried over: no deployment held real data, and its rows could not be
sealed honestly after the fact."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_log_choices")]

    operations = [
        migrations.DeleteModel("UseLog"),
        migrations.DeleteModel("DisclosureLog"),
        migrations.DeleteModel("ChainHead"),
    ]
