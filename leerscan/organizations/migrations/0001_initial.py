"""Lot (from accounts) and Organization (from surveys) join the organizations app. Their tables
already exist, so only Django's picture of the models is created here (0002 renames the tables)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('accounts', '0004_one_coordinator_per_lot'),
        ('surveys', '0005_scanround_results_shown_at'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Lot',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(unique=True, verbose_name='number')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('target_organizations', models.PositiveIntegerField(blank=True, null=True, verbose_name='minimum reach')),
                    ],
                    options={
                        'db_table': 'accounts_lot',
                        'verbose_name': 'lot',
                        'verbose_name_plural': 'lots',
                        'ordering': ['number'],
                    },
                ),
                migrations.CreateModel(
                    name='Organization',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, unique=True, verbose_name='name')),
                        ('sector', models.CharField(blank=True, max_length=120, verbose_name='sector')),
                        ('size_class', models.PositiveSmallIntegerField(blank=True, choices=[(1, 'No employees (self-employed)'), (2, '2 to 4 employees'), (3, '5 to 19 employees'), (4, '20 to 49 employees'), (5, '50 to 99 employees'), (6, '100 to 199 employees'), (7, '200 employees or more')], null=True, verbose_name='size')),
                        ('language', models.CharField(choices=[('nl', 'Dutch'), ('en', 'English'), ('fr', 'French'), ('de', 'German')], default='nl', max_length=2, verbose_name='language')),
                        ('enterprise_number', models.CharField(blank=True, max_length=10, null=True, unique=True, verbose_name='enterprise number')),
                        ('municipality', models.CharField(blank=True, max_length=120, verbose_name='municipality')),
                        ('employees', models.PositiveIntegerField(blank=True, null=True, verbose_name='employees')),
                        ('joint_committees', models.JSONField(blank=True, default=list, verbose_name='joint committees')),
                        ('lot_needs_decision', models.BooleanField(default=False)),
                        ('local_government_care', models.CharField(blank=True, choices=[('childcare', 'childcare'), ('home_care', 'home care'), ('elderly_care', 'elderly care')], help_text='Only for a municipality or public centre for social welfare (OCMW/CPAS): its childcare, home care or elderly care belongs to lot 4, also without a joint committee.', max_length=12, verbose_name='local government care service')),
                        ('maturity_profiles', models.JSONField(blank=True, default=list, verbose_name='L&D profiles')),
                        ('maturity_profiles_source', models.CharField(blank=True, max_length=12)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('consultants', models.ManyToManyField(blank=True, related_name='assigned_organizations', to=settings.AUTH_USER_MODEL, verbose_name='consultants')),
                        ('lot', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='organizations', to='organizations.lot', verbose_name='lot')),
                    ],
                    options={
                        'db_table': 'surveys_organization',
                        'verbose_name': 'organization',
                        'verbose_name_plural': 'organizations',
                        'ordering': ['name'],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
