"""The 前期准备 checklist of journey step 1: items, documents to have ready, review states."""

from __future__ import annotations

from dataclasses import dataclass

from wizard.core import platform_facts
from wizard.core.i18n import N_


@dataclass(frozen=True)
class ChecklistItem:
    """One thing to do on the developer platform, with the page that does it."""

    id: str
    text: str  # N_-marked, translated when shown
    # The menu path on the platform where it is documented (N_-marked); empty when the
    # platform does not document one, rather than guessing.
    where: str
    url: str


CHECKLIST: tuple[ChecklistItem, ...] = (
    ChecklistItem(
        "account",
        N_("Register a developer account on the Douyin Open Platform (抖音开放平台)."),
        "",
        platform_facts.DEVELOPER_PORTAL,
    ),
    ChecklistItem(
        "create_app",
        N_("Apply to create the mini-program with your company's qualifications."),
        "",
        platform_facts.CONSOLE_URL,
    ),
    ChecklistItem(
        "subject",
        N_("Complete the subject's registration (主体认证) for your company."),
        "",
        platform_facts.CONSOLE_URL,
    ),
    ChecklistItem(
        "members",
        N_("Add everyone who will upload or preview as a member with developer rights."),
        N_("mini-program → 协作 / 成员管理"),
        platform_facts.CONSOLE_URL,
    ),
    ChecklistItem(
        "rules",
        N_("Read the platform service agreement and the operation review rules."),
        "",
        platform_facts.DEVELOPER_PORTAL,
    ),
)

DOCUMENTS_TO_HAVE_READY: tuple[str, ...] = (
    N_("Your business licence (营业执照), a clear scan or photo."),
    N_("The administrator's ID card, mobile phone number and e-mail address."),
    N_("Licences your business category requires (for example food, medical or education)."),
    N_("The mini-program's name, icon and a short description of what it offers."),
)
