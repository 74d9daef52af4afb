"""What the filing step tells the merchant: why, what must be done first, the materials by
subject type, and what to do when the filing comes back. Messages are N_-marked here and
translated where they are shown. Sources: docs/platform-facts.md "Filing (小程序备案)".
"""

from __future__ import annotations

from wizard.core.i18n import N_
from wizard.core.steps.registration import Subject

WHY = N_(
    "Since 2024 every mini-program in China must be filed (小程序备案) with the Ministry of "
    "Industry and Information Technology (MIIT), through the developer platform. A mini-program "
    "without a filing can be taken down. The filing is the longest wait of the whole journey: "
    "start it as soon as your application is approved, and carry on with the other steps "
    "meanwhile."
)

PREREQUISITES: tuple[str, ...] = (
    N_("The mini-program's basic information (name, icon, description) is complete."),
    N_("At least one service category (服务类目) is approved."),
)

COMMON_MATERIALS: tuple[str, ...] = (
    N_(
        "The mini-program's person in charge (小程序负责人): ID card, both sides, valid for at "
        "least 3 more months; a mobile phone number and an e-mail address; an emergency "
        "contact number."
    ),
    N_(
        "A face check (人证核验) of the person in charge with the Douyin app: the link is valid "
        "for 2 hours, the result for 72 hours. Use a light background, no hat, mask or "
        "headphones."
    ),
    N_(
        "Photos or colour scans of the originals (no copies, no photos of a screen), with every "
        "corner visible, no glare, and no watermark over the text."
    ),
)

MATERIALS: dict[Subject, tuple[str, ...]] = {
    Subject.ENTERPRISE: (
        N_(
            "The business licence (营业执照), the same subject as the mini-program's, valid for "
            "at least 3 more months, matching the National Enterprise Credit Information "
            "Publicity System."
        ),
        N_(
            "The ID card of the subject's person in charge (主体负责人); some bureaus require "
            "the legal representative (法定代表人), so that is the safest choice."
        ),
        N_(
            "If a person in charge is not the legal representative: an authorisation letter "
            "(授权书) signed and stamped by the company."
        ),
        N_("The company's mailing address within the province where it is registered."),
    ),
    Subject.INDIVIDUAL: (
        N_("Your own ID card: you are both the subject and, usually, the person in charge."),
        N_("Your address as on the ID card, within the province you file in."),
        N_(
            "An individual's mini-program may offer only what an individual may run: no "
            "company services, and no payments."
        ),
    ),
}

# Some services need a prior approval (前置审批) from their own authority before filing.
PRIOR_APPROVAL = N_(
    "Some services (for example news, publishing, education, medicine and pharmaceuticals, "
    "culture) need a prior approval (前置审批) from their own authority; have its document "
    "ready if your mini-program offers one of them."
)

RETURNED_ADVICE: tuple[str, ...] = (
    N_("Read the reason in the console's filing page and in the text message or e-mail."),
    N_(
        "Correct only what the reason names (often a blurred photo, an address that does not "
        "match the licence, or a person in charge who is not the legal representative)."
    ),
    N_(
        "Submit again in the console, then choose “Submitted to the platform” here: the waits "
        "count again from the new submission."
    ),
    N_(
        "If the SMS check timed out (24 hours), the filing comes back too: submit again and "
        "answer the MIIT's text message the same day."
    ),
)

SMS_ADVICE = N_(
    "The MIIT sends a text message to the person in charge. Answer it within 24 hours on the "
    "MIIT's filing system (the link is in the message), or the filing comes back."
)

FILED_ADVICE = N_(
    "The platform shows the filing number on the mini-program's subject information page. "
    "Record it here; some categories must show it inside the mini-program too."
)


SECTION_TITLES: dict[Subject, str] = {
    Subject.ENTERPRISE: N_("For an enterprise subject (企业):"),
    Subject.INDIVIDUAL: N_("For an individual subject (个人):"),
}
COMMON_TITLE = N_("For every subject:")


def materials_for(subject: Subject) -> tuple[str, ...]:
    """The materials to prepare: the subject's own list (both when not known) and the rest."""
    return tuple(line for _title, lines in material_sections(subject) for line in lines)


def material_sections(subject: Subject) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(N_-marked title, lines) per part: the subject's own (both, apart, when not known), then
    what every subject needs."""
    subjects = (
        (Subject.ENTERPRISE, Subject.INDIVIDUAL) if subject is Subject.UNKNOWN else (subject,)
    )
    own = tuple((SECTION_TITLES[each], MATERIALS[each]) for each in subjects)
    return (*own, (COMMON_TITLE, COMMON_MATERIALS))
