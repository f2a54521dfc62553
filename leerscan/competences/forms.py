"""Forms of the competence matrix pages; every error message is shown in the user's language."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leerscan.competences import matrix as logic
from leerscan.competences.models import Competence, Employee, JobRole, Matrix, PlanAction
from leerscan.competences.scale import Level, levels_of
from leerscan.core.typography import labelled
from leerscan.core.widgets import DateInput
from leerscan.organizations.models import Organization

MAX_UPLOAD = 10 * 1024 * 1024


def _unique(queryset, name: str, message: str) -> str:
    name = name.strip()
    if any(
        logic.normalize(other) == logic.normalize(name) for other in queryset.values_list("name", flat=True)
    ):
        raise forms.ValidationError(message)
    return name


class MatrixForm(forms.ModelForm):
    class Meta:
        model = Matrix
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization

    def clean_name(self):
        others = self.organization.competence_matrices.exclude(pk=self.instance.pk)
        return _unique(
            others, self.cleaned_data["name"], _("This organization already has a matrix with this name.")
        )


class NewMatrixForm(MatrixForm):
    START_CHOICES = [
        ("empty", gettext_lazy("Start with an empty matrix")),
        ("copy", gettext_lazy("Copy the matrix of another department")),
        ("import", gettext_lazy("Import an Excel file")),
    ]
    start = forms.ChoiceField(
        label=gettext_lazy("How do you want to start?"),
        choices=START_CHOICES,
        widget=forms.RadioSelect,
        initial="empty",
    )
    copy_from = forms.ModelChoiceField(
        label=gettext_lazy("Department to copy"), queryset=Matrix.objects.none(), required=False
    )
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx) or CSV"),
        required=False,
        help_text=gettext_lazy("Tip: export an existing matrix to see the layout."),
    )

    class Meta(MatrixForm.Meta):
        fields = ["name", "description"]

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, organization=organization, **kwargs)
        self.fields["copy_from"].queryset = organization.competence_matrices.all()

    def clean(self):
        data = super().clean()
        if data.get("start") == "copy" and not data.get("copy_from"):
            self.add_error("copy_from", _("Choose the department to copy."))
        if data.get("start") == "import":
            upload = data.get("file")
            if not upload:
                self.add_error("file", _("Choose the file to import."))
            elif upload.size > MAX_UPLOAD:
                self.add_error("file", _("The file is too large (more than 10 MB)."))
        return data


class LevelScaleForm(forms.Form):
    """The scale: the standard four levels, or the organization's own 2 to 6 levels."""

    standard = forms.BooleanField(
        label=gettext_lazy("Use the standard four levels (shown in each person's language)"), required=False
    )
    count = forms.TypedChoiceField(
        label=gettext_lazy("Number of levels"),
        coerce=int,
        choices=[(n, str(n)) for n in range(logic.MIN_LEVELS, logic.MAX_LEVELS + 1)],
    )

    def __init__(self, *args, matrix: Matrix, minimum: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.minimum = minimum
        current = levels_of(matrix, with_zero=False)
        self.initial.setdefault("standard", not matrix.levels)
        self.initial.setdefault("count", len(current))
        for number in range(1, logic.MAX_LEVELS + 1):
            self.fields[f"name_{number}"] = forms.CharField(
                label=_("Level %(number)s: name") % {"number": number},
                max_length=logic.LEVEL_NAME_LENGTH,
                required=False,
            )
            self.fields[f"description_{number}"] = forms.CharField(
                label=_("Level %(number)s: what someone does at this level") % {"number": number},
                max_length=logic.LEVEL_DESCRIPTION_LENGTH,
                required=False,
            )
            if number <= len(current):
                self.initial.setdefault(f"name_{number}", current[number - 1].name)
                self.initial.setdefault(f"description_{number}", current[number - 1].description)

    def clean(self):
        data = super().clean()
        count = logic.DEFAULT_LEVEL_COUNT if data.get("standard") else data.get("count")
        if count is None:
            return data
        if count < self.minimum:
            raise forms.ValidationError(
                _("Levels up to %(level)s are in use in this matrix, so it needs at least %(level)s levels.")
                % {"level": self.minimum}
            )
        if not data.get("standard"):
            for number in range(1, count + 1):
                if not (data.get(f"name_{number}") or "").strip():
                    self.add_error(f"name_{number}", _("Give this level a name."))
        return data

    def levels(self) -> list[dict]:
        if self.cleaned_data["standard"]:
            return []
        return [
            {
                "name": self.cleaned_data[f"name_{n}"].strip(),
                "description": self.cleaned_data[f"description_{n}"].strip(),
            }
            for n in range(1, self.cleaned_data["count"] + 1)
        ]


class JobRoleForm(forms.ModelForm):
    class Meta:
        model = JobRole
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, matrix: Matrix, **kwargs):
        super().__init__(*args, **kwargs)
        self.matrix = matrix

    def clean_name(self):
        others = self.matrix.roles.exclude(pk=self.instance.pk)
        return _unique(others, self.cleaned_data["name"], _("This team already has a role with this name."))


class CompetenceForm(forms.ModelForm):
    class Meta:
        model = Competence
        fields = ["name", "description", "kind", "horizon", "critical"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, matrix: Matrix, **kwargs):
        super().__init__(*args, **kwargs)
        self.matrix = matrix

    def clean_name(self):
        others = self.matrix.competences.exclude(pk=self.instance.pk)
        return _unique(
            others, self.cleaned_data["name"], _("This matrix already has a competence with this name.")
        )


class RequirementsForm(forms.Form):
    """The grid: the required level per role (column) and competence (row)."""

    def __init__(self, *args, matrix: Matrix, roles, competences, required: dict, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "–")] + [(n, str(n)) for n in range(1, matrix.level_count + 1)]
        self.cells = {}
        for competence in competences:
            for role in roles:
                name = f"r{role.pk}_c{competence.pk}"
                self.fields[name] = forms.TypedChoiceField(
                    choices=choices,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    label=labelled(role.name, competence.name),
                )
                self.initial[name] = required.get((role.pk, competence.pk), "")
                self.cells[(role.pk, competence.pk)] = name

    def values(self) -> dict[tuple[int, int], int | None]:
        return {key: self.cleaned_data[name] for key, name in self.cells.items()}


def _role_choices(organization: Organization):
    roles = JobRole.objects.filter(matrix__organization=organization).select_related("matrix")
    groups: dict[str, list] = {}
    for role in roles.order_by("matrix__name", "position", "pk"):
        groups.setdefault(role.matrix.name, []).append((role.pk, role.name))
    return [("", _("No role (for example a manager outside the teams)"))] + list(groups.items())


class EmployeeForm(forms.ModelForm):
    class Meta:
        model = Employee
        fields = ["name", "role", "manager", "language", "left_on"]
        widgets = {"left_on": DateInput()}

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.instance.organization = organization
        self.fields["role"].queryset = JobRole.objects.filter(matrix__organization=organization)
        self.fields["role"].choices = _role_choices(organization)
        managers = Employee.objects.filter(organization=organization)
        if self.instance.pk:
            managers = managers.exclude(pk=self.instance.pk)
        self.fields["manager"].queryset = managers
        self.fields["name"].help_text = _("A first name or a pseudonym is enough.")
        if not self.instance.pk:
            self.initial.setdefault("language", organization.language)

    def clean_manager(self):
        manager = self.cleaned_data["manager"]
        seen = {self.instance.pk} if self.instance.pk else set()
        walker = manager
        while walker is not None:
            if walker.pk in seen:
                raise forms.ValidationError(_("This would make a circle of managers."))
            seen.add(walker.pk)
            walker = walker.manager
        return manager


class BulkPeopleForm(forms.Form):
    names = forms.CharField(
        label=gettext_lazy("Names or pseudonyms, one per line"), widget=forms.Textarea(attrs={"rows": 6})
    )
    role = forms.ModelChoiceField(label=gettext_lazy("Role"), queryset=JobRole.objects.none(), required=False)
    manager = forms.ModelChoiceField(
        label=gettext_lazy("Manager"), queryset=Employee.objects.none(), required=False
    )

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = JobRole.objects.filter(matrix__organization=organization)
        self.fields["role"].choices = _role_choices(organization)
        self.fields["manager"].queryset = Employee.objects.filter(organization=organization)

    def clean_names(self):
        names = [line.strip() for line in self.cleaned_data["names"].splitlines() if line.strip()]
        too_long = [name for name in names if len(name) > 120]
        if too_long:
            raise forms.ValidationError(
                _("A name is at most 120 characters: %(name)s") % {"name": too_long[0][:40]}
            )
        if len(names) > 500:
            raise forms.ValidationError(_("Add at most 500 people at once."))
        return names


def level_field(levels: list[Level], widget=forms.RadioSelect) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        choices=[(level.number, level.label) for level in levels],
        coerce=int,
        empty_value=None,
        required=False,
        widget=widget,
    )


class LevelsForm(forms.Form):
    """One level per competence (self-assessment or the manager's); empty = not answered yet."""

    def __init__(self, *args, competences, levels: list[Level], current: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.competences = list(competences)
        for competence in self.competences:
            self.fields[f"c{competence.pk}"] = level_field(levels)
            self.fields[f"c{competence.pk}"].label = competence.name
            if competence.pk in current:
                self.initial[f"c{competence.pk}"] = current[competence.pk]

    def values(self) -> dict[int, int | None]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.competences}


class LearningWishForm(forms.Form):
    """The person's own words on what they want to learn (optional, on the self-assessment page)."""

    wish = forms.CharField(
        label=gettext_lazy("What do you want to learn? (optional)"),
        help_text=gettext_lazy("Your manager and the coach see this too."),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AgreedForm(forms.Form):
    """After the conversation: the agreed level per competence (prefilled only where a level was
    agreed before; the self and manager views are shown as text), the date and a short note."""

    agreed_on = forms.DateField(label=gettext_lazy("Date of the conversation"), widget=DateInput())

    def __init__(self, *args, competences, levels: list[Level], current: dict[int, tuple], **kwargs):
        super().__init__(*args, **kwargs)
        self.competences = list(competences)
        self.initial.setdefault("agreed_on", timezone.localdate().isoformat())
        for competence in self.competences:
            level, note = current.get(competence.pk, (None, ""))
            field = level_field(levels, widget=forms.Select)
            field.choices = [("", "–")] + field.choices
            field.label = competence.name
            self.fields[f"a{competence.pk}"] = field
            self.fields[f"n{competence.pk}"] = forms.CharField(
                label=_("Note on %(competence)s") % {"competence": competence.name},
                max_length=300,
                required=False,
            )
            self.initial[f"a{competence.pk}"] = "" if level is None else level
            self.initial[f"n{competence.pk}"] = note

    def clean(self):
        data = super().clean()
        for competence in self.competences:
            if data.get(f"n{competence.pk}") and data.get(f"a{competence.pk}") is None:
                self.add_error(f"a{competence.pk}", _("Choose the agreed level that goes with the note."))
        return data

    def clean_agreed_on(self):
        day = self.cleaned_data["agreed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The conversation cannot be in the future."))
        return day

    def values(self) -> dict[int, int | None]:
        return {c.pk: self.cleaned_data[f"a{c.pk}"] for c in self.competences}

    def notes(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data[f"n{c.pk}"] for c in self.competences}


class PlanActionForm(forms.ModelForm):
    class Meta:
        model = PlanAction
        fields = [
            "title",
            "kind",
            "competence",
            "participants",
            "mentor",
            "provider",
            "starts_on",
            "due_on",
            "hours",
            "status",
            "note",
        ]
        widgets = {
            "starts_on": DateInput(),
            "due_on": DateInput(),
            "participants": forms.CheckboxSelectMultiple,
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        people = Employee.objects.filter(organization=organization)
        self.fields["participants"].queryset = people
        self.fields["mentor"].queryset = people
        self.fields["competence"].queryset = Competence.objects.filter(
            matrix__organization=organization
        ).select_related("matrix")
        self.fields["competence"].label_from_instance = lambda c: labelled(c.matrix.name, c.name)

    def clean(self):
        data = super().clean()
        mentor, participants = data.get("mentor"), data.get("participants") or []
        if data.get("kind") == PlanAction.Kind.MENTORING and not mentor:
            self.add_error("mentor", _("Choose the colleague who will be the mentor."))
        if mentor and mentor in participants:
            self.add_error("mentor", _("The mentor cannot also be one of the learners."))
        return data


class ConsentRecordForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("This person agreed on paper or in person that their levels are stored."),
    )
