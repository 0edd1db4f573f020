from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [migrations.RenameField("uselog", "action", "operation")]
