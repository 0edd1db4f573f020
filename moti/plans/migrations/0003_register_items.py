"""Plans, goals and actions become register items: one `author` from the directory."""

import django.db.models.deletion
from django.db import migrations, models


def authors(apps, schema_editor):
    Person = apps.get_model("directory", "Person")
    people = dict(Person.objects.filter(user__isnull=False).values_list("user_id", "pk"))

    def person_of(user_id, what):
        if user_id not in people:
            raise RuntimeError(f"{what} was written by user {user_id}, who is not in the "
                               "directory: add them as a person, then migrate again.")
        return people[user_id]

    Plan = apps.get_model("plans", "Plan")
    for plan in Plan.objects.select_related("team").only("pk", "team__created_by_id"):
        Plan.objects.filter(pk=plan.pk).update(
            author_id=person_of(plan.team.created_by_id, f"Plan {plan.pk}"))
    for name in ("Goal", "Action"):
        model = apps.get_model("plans", name)
        for row in model.objects.all().only("pk", "created_by_id"):
            model.objects.filter(pk=row.pk).update(
                author_id=person_of(row.created_by_id, f"{name} {row.pk}"))


def author_field(null=False):
    return models.ForeignKey(null=null, on_delete=django.db.models.deletion.PROTECT,
                             related_name="+", to="directory.person", verbose_name="author")


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_verbose_names"), ("teams", "0002_register_items"),
                    ("directory", "0001_initial")]

    operations = [
        *(migrations.AddField(model, "author", author_field(null=True))
          for model in ("plan", "goal", "action")),
        migrations.RunPython(authors, migrations.RunPython.noop),
        *(migrations.AlterField(model, "author", author_field())
          for model in ("plan", "goal", "action")),
        migrations.RemoveField("goal", "created_by"),
        migrations.RemoveField("action", "created_by"),
    ]
