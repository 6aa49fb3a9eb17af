from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_summedmonth_monthlycount"),
    ]

    operations = [
        migrations.AddField(
            model_name="rolledupday",
            name="stored_at",
            field=models.DateTimeField(null=True),
        ),
        # Months summed before this field existed have none and are summed again.
        migrations.AddField(
            model_name="summedmonth",
            name="days_stored_at",
            field=models.DateTimeField(null=True),
        ),
    ]
