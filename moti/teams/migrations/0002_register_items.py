"""Concerns, meetings and notes become register items: one `author` from the directory."""

import django.db.models.deletion
from django.db import migrations, models


def meeting_authors(apps, schema_editor):
    Meeting = apps.get_model("teams", "Meeting")
    Person = apps.get_model("directory", "Person")
    people = dict(Person.objects.filter(user__isnull=False).values_list("user_id", "pk"))
    for meeting in Meeting.objects.all().only("pk", "created_by_id"):
        if meeting.created_by_id not in people:
            raise RuntimeError(f"Meeting {meeting.pk} was created by user "
                               f"{meeting.created_by_id}, who is not in the directory: add "
                               "them as a person, then migrate again.")
        Meeting.objects.filter(pk=meeting.pk).update(author_id=people[meeting.created_by_id])


class Migration(migrations.Migration):
    dependencies = [("teams", "0001_initial"), ("directory", "0001_initial")]

    operations = [
        migrations.RenameField("concern", "raised_by", "author"),
        migrations.AlterField(
            "concern", "author",
            models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                              to="directory.person", verbose_name="author")),
        migrations.AddField(
            "meeting", "author",
            models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT,
                              related_name="+", to="directory.person", verbose_name="author")),
        migrations.RunPython(meeting_authors, migrations.RunPython.noop),
        migrations.AlterField(
            "meeting", "author",
            models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                              to="directory.person", verbose_name="author")),
        migrations.RemoveField("meeting", "created_by"),
        migrations.AlterField(
            "note", "author",
            models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                              to="directory.person", verbose_name="author")),
    ]
