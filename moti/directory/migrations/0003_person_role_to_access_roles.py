"""The person's single role is replaced by the access roles of moti.access (0003 there)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_controllers_and_roles"),
                    ("access", "0003_controllers_and_roles")]

    operations = [migrations.RemoveField(model_name="person", name="role")]
