"""The competence matrix's database work, one module per behaviour; this package names the API.

* :mod:`.loading`: an organization as plain data for the logic in ``matrix.py``, who is still there;
* :mod:`.assessments`: consent and levels (after consent, transactional, idempotent);
* :mod:`.matrices`: new, copied, imported, exported and deleted matrices, their scale and parts;
* :mod:`.people`: adding people (a form sent twice adds nobody twice), their links and language;
* :mod:`.personal_data`: a person's export and deletion (their name also leaves what others wrote);
* :mod:`.retention`: the purge of people who left;
* :mod:`.plan`: the training plan (no names stored in action titles: see ``PlanAction.label``).

For the trajectory records: :func:`training_plan_progress` and the fragment
``competences/_plan_progress.html`` (context variable ``plan_progress``).
"""

from leerscan.competences.services.assessments import (
    ConsentMissing,
    give_consent,
    save_levels,
    save_self_assessment,
)
from leerscan.competences.services.loading import active_people, levels_table, organization_data
from leerscan.competences.services.matrices import (
    copy_matrix,
    create_from_spec,
    delete_matrix,
    export_workbook,
    highest_level_in_use,
    new_matrix,
    read_upload,
    save_part,
    set_requirements,
    set_scale,
    spec_of,
)
from leerscan.competences.services.people import add_people, issue_link, revoke_link, set_language
from leerscan.competences.services.personal_data import (
    PERSON_COLUMNS,
    closed_link,
    delete_own_data,
    delete_person,
    person_csv,
    person_export,
)
from leerscan.competences.services.plan import (
    PlanProgress,
    accept_suggestions,
    plan_suggestions,
    planned_pairs,
    set_action_status,
    training_plan_progress,
)
from leerscan.competences.services.retention import purge_departed, retention_months

__all__ = [
    "PERSON_COLUMNS",
    "ConsentMissing",
    "PlanProgress",
    "accept_suggestions",
    "active_people",
    "add_people",
    "closed_link",
    "copy_matrix",
    "create_from_spec",
    "delete_matrix",
    "delete_own_data",
    "delete_person",
    "export_workbook",
    "give_consent",
    "highest_level_in_use",
    "issue_link",
    "levels_table",
    "new_matrix",
    "organization_data",
    "person_csv",
    "person_export",
    "plan_suggestions",
    "planned_pairs",
    "purge_departed",
    "read_upload",
    "retention_months",
    "revoke_link",
    "save_levels",
    "save_part",
    "save_self_assessment",
    "set_action_status",
    "set_language",
    "set_requirements",
    "set_scale",
    "spec_of",
    "training_plan_progress",
]
