"""disclosure/ became a package of apps: each model now belongs to its app (publishing,
library, decisions, reports, column), keeping its table. The new apps' first migrations
add the models to their state without touching the database; this one removes them from
the disclosure app's state, and renames their content types so that permissions, groups,
admin log entries and anything else pointing at a content type follow the model."""

from django.db import migrations

MOVED = {
    "publishing": ["indexsequence"],
    "library": [
        "document",
        "attachment",
        "documentrelation",
        "validitychange",
        "documentevent",
        "interpretation",
        "interpretationmedia",
        "interpretationevent",
    ],
    "decisions": [
        "consultation",
        "consultationattachment",
        "viewpoint",
        "comment",
        "consultationevent",
        "decisioncatalog",
        "decisionitem",
        "meeting",
        "meetingtopic",
        "meetingattendance",
    ],
    "reports": ["annualreport", "annualreportoverride", "annualreportevent"],
    "column": ["guide", "regulation"],
}


def _move_content_types(apps, *, forwards: bool):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for label, models in MOVED.items():
        old, new = ("disclosure", label) if forwards else (label, "disclosure")
        for model in models:
            # A content type for the new label exists only if something created it before
            # this migration ran (it never does in a normal migrate); keep the old one's rows.
            if ContentType.objects.filter(app_label=new, model=model).exists():
                continue
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def forwards(apps, schema_editor):
    _move_content_types(apps, forwards=True)


def backwards(apps, schema_editor):
    _move_content_types(apps, forwards=False)


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0010_consultation_pii"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("publishing", "0001_initial"),
        ("library", "0001_initial"),
        ("decisions", "0002_initial"),
        ("reports", "0001_initial"),
        ("column", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="annualreportevent",
                    name="report",
                ),
                migrations.RemoveField(
                    model_name="annualreportoverride",
                    name="report",
                ),
                migrations.RemoveField(
                    model_name="annualreportevent",
                    name="actor",
                ),
                migrations.RemoveField(
                    model_name="annualreportoverride",
                    name="by",
                ),
                migrations.RemoveField(
                    model_name="attachment",
                    name="document",
                ),
                migrations.RemoveField(
                    model_name="comment",
                    name="consultation",
                ),
                migrations.RemoveField(
                    model_name="comment",
                    name="tagged_by",
                ),
                migrations.RemoveField(
                    model_name="comment",
                    name="viewpoint",
                ),
                migrations.RemoveField(
                    model_name="consultation",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="consultation",
                    name="final_document",
                ),
                migrations.RemoveField(
                    model_name="consultation",
                    name="organization",
                ),
                migrations.RemoveField(
                    model_name="consultation",
                    name="pii_confirmed_by",
                ),
                migrations.RemoveField(
                    model_name="decisionitem",
                    name="consultation",
                ),
                migrations.RemoveField(
                    model_name="consultationevent",
                    name="consultation",
                ),
                migrations.RemoveField(
                    model_name="consultationattachment",
                    name="consultation",
                ),
                migrations.RemoveField(
                    model_name="viewpoint",
                    name="consultation",
                ),
                migrations.RemoveField(
                    model_name="consultationevent",
                    name="actor",
                ),
                migrations.RemoveField(
                    model_name="decisioncatalog",
                    name="organization",
                ),
                migrations.RemoveField(
                    model_name="decisionitem",
                    name="catalog",
                ),
                migrations.RemoveField(
                    model_name="decisionitem",
                    name="decision_document",
                ),
                migrations.RemoveField(
                    model_name="decisionitem",
                    name="evaluation_report",
                ),
                migrations.RemoveField(
                    model_name="document",
                    name="category",
                ),
                migrations.RemoveField(
                    model_name="document",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="document",
                    name="genre",
                ),
                migrations.RemoveField(
                    model_name="document",
                    name="issuing_organizations",
                ),
                migrations.RemoveField(
                    model_name="document",
                    name="organization",
                ),
                migrations.RemoveField(
                    model_name="document",
                    name="pii_confirmed_by",
                ),
                migrations.RemoveField(
                    model_name="document",
                    name="theme",
                ),
                migrations.RemoveField(
                    model_name="documentevent",
                    name="document",
                ),
                migrations.RemoveField(
                    model_name="documentrelation",
                    name="to_document",
                ),
                migrations.RemoveField(
                    model_name="validitychange",
                    name="document",
                ),
                migrations.RemoveField(
                    model_name="documentrelation",
                    name="from_document",
                ),
                migrations.RemoveField(
                    model_name="meetingtopic",
                    name="documents",
                ),
                migrations.RemoveField(
                    model_name="interpretation",
                    name="documents",
                ),
                migrations.RemoveField(
                    model_name="documentevent",
                    name="actor",
                ),
                migrations.RemoveField(
                    model_name="documentrelation",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="validitychange",
                    name="relation",
                ),
                migrations.RemoveField(
                    model_name="guide",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="guide",
                    name="organization",
                ),
                migrations.RemoveField(
                    model_name="indexsequence",
                    name="organization",
                ),
                migrations.RemoveField(
                    model_name="interpretation",
                    name="category",
                ),
                migrations.RemoveField(
                    model_name="interpretation",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="interpretation",
                    name="organization",
                ),
                migrations.RemoveField(
                    model_name="interpretation",
                    name="pii_confirmed_by",
                ),
                migrations.RemoveField(
                    model_name="interpretationevent",
                    name="interpretation",
                ),
                migrations.RemoveField(
                    model_name="meetingtopic",
                    name="interpretations",
                ),
                migrations.RemoveField(
                    model_name="interpretationmedia",
                    name="interpretation",
                ),
                migrations.RemoveField(
                    model_name="interpretationevent",
                    name="actor",
                ),
                migrations.RemoveField(
                    model_name="meeting",
                    name="organization",
                ),
                migrations.RemoveField(
                    model_name="meetingattendance",
                    name="meeting",
                ),
                migrations.RemoveField(
                    model_name="meetingtopic",
                    name="meeting",
                ),
                migrations.RemoveField(
                    model_name="regulation",
                    name="organization",
                ),
                migrations.RemoveField(
                    model_name="validitychange",
                    name="actor",
                ),
                migrations.DeleteModel(
                    name="AnnualReport",
                ),
                migrations.DeleteModel(
                    name="AnnualReportEvent",
                ),
                migrations.DeleteModel(
                    name="AnnualReportOverride",
                ),
                migrations.DeleteModel(
                    name="Attachment",
                ),
                migrations.DeleteModel(
                    name="Comment",
                ),
                migrations.DeleteModel(
                    name="ConsultationAttachment",
                ),
                migrations.DeleteModel(
                    name="Consultation",
                ),
                migrations.DeleteModel(
                    name="Viewpoint",
                ),
                migrations.DeleteModel(
                    name="ConsultationEvent",
                ),
                migrations.DeleteModel(
                    name="DecisionCatalog",
                ),
                migrations.DeleteModel(
                    name="DecisionItem",
                ),
                migrations.DeleteModel(
                    name="Document",
                ),
                migrations.DeleteModel(
                    name="DocumentEvent",
                ),
                migrations.DeleteModel(
                    name="DocumentRelation",
                ),
                migrations.DeleteModel(
                    name="Guide",
                ),
                migrations.DeleteModel(
                    name="IndexSequence",
                ),
                migrations.DeleteModel(
                    name="Interpretation",
                ),
                migrations.DeleteModel(
                    name="InterpretationMedia",
                ),
                migrations.DeleteModel(
                    name="InterpretationEvent",
                ),
                migrations.DeleteModel(
                    name="MeetingAttendance",
                ),
                migrations.DeleteModel(
                    name="Meeting",
                ),
                migrations.DeleteModel(
                    name="MeetingTopic",
                ),
                migrations.DeleteModel(
                    name="Regulation",
                ),
                migrations.DeleteModel(
                    name="ValidityChange",
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
