"""E-mail invitations: addresses apart from answers; a personal link no longer points at its response."""

import django.db.models.deletion
import leerscan.core.tokens
import leerscan.surveys.models
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0009_invitation_started_completed"),
    ]

    operations = [
        migrations.RemoveField(
            model_name='invitation',
            name='response',
        ),
        migrations.AddField(
            model_name='scanround',
            name='invited_by_email',
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name='scanround',
            name='reminder_days',
            field=models.JSONField(blank=True, default=leerscan.surveys.models.default_reminder_days, verbose_name='reminders (days after opening)'),
        ),
        migrations.CreateModel(
            name='Addressee',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email', models.CharField(max_length=254)),
                ('language', models.CharField(default='nl', max_length=2)),
                ('stop_token', models.CharField(default=leerscan.core.tokens.new_token, editable=False, max_length=64, unique=True)),
                ('opted_out', models.BooleanField(default=False)),
                ('refused', models.BooleanField(default=False, help_text='The mail server refused the address.')),
                ('mails', models.PositiveSmallIntegerField(default=0)),
                ('reminded_on', models.DateField(blank=True, null=True)),
                ('invitation', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='addressee', to='surveys.invitation')),
                ('scan_round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='addressees', to='surveys.scanround')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('scan_round', 'email'), name='one_address_per_round')],
            },
        ),
        migrations.CreateModel(
            name='MailText',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('invitation', 'invitation'), ('reminder', 'reminder')], max_length=12)),
                ('language', models.CharField(max_length=2)),
                ('subject', models.CharField(max_length=200, verbose_name='subject')),
                ('body', models.TextField(verbose_name='text')),
                ('scan_round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='mail_texts', to='surveys.scanround')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('scan_round', 'kind', 'language'), name='one_mail_text')],
            },
        ),
    ]
