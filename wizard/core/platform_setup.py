"""Service categories, capability applications, the trial period and payment, as the platform
has them today (docs/platform-facts.md "Since 2023–2024"). Sentences are built here, in core;
the registration and review pages show them.

The payment key (支付系统密钥 SALT) is a secret like the AppSecret. 发布助手 never asks for it,
so it never reaches a text, a log or the state file: the merchant copies it from the console
straight into the provider's admin.
"""

from __future__ import annotations

from wizard.core import platform_facts as facts
from wizard.core.i18n import _, join_sentences
from wizard.core.profile.document import ProviderProfile
from wizard.core.profile.texts import payment_admin_sentence
from wizard.core.steps.registration import Subject


def menu(path: tuple[str, ...]) -> str:
    return "→".join(f"「{label}」" for label in path)


def categories_text() -> str:
    """What a service category (服务类目) is, where it is chosen, and why it matters."""
    return join_sentences(
        _(
            "Choose the service categories (服务类目) that match everything the mini-program "
            "offers, in {path}, with the qualifications each category asks for. Content outside "
            "the approved categories is a common reason for a rejection."
        ).format(path=menu(facts.CATEGORY_CONSOLE_PATH)),
        _(
            "The filing needs at least one approved category. Categories can be changed only a "
            "few times a month, so choose carefully. Since October 2024 the mounting permission "
            "(经营权限) of many categories goes to one Douyin brand account per subject; bind a "
            "Douyin account (抖音号) before mounting."
        ),
    )


def capabilities_text() -> str:
    """Capability applications, 获取手机号 above all: only after launch."""
    return join_sentences(
        _(
            "Some capabilities must be applied for in the console's 「能力」 menu; the platform "
            "answers in about {days} working days."
        ).format(days=facts.CAPABILITY_REVIEW_WORKING_DAYS),
        _(
            "Getting the user's phone number (获取手机号) is granted only after the "
            "mini-program is online and has passed its trial period: a package that asks for it "
            "before then does not work and is rejected. Ask your provider for a login without "
            "the phone number for the first release."
        ),
    )


def trial_text() -> str:
    """The trial period (试运营期) after the first release."""
    return _(
        "After the first release the mini-program is in its trial period (试运营期): some "
        "capabilities, payment amounts and traffic are limited until its credit score reaches "
        "the pass mark. Real use (orders, visits) raises the score; the console's overview shows "
        "it."
    )


def payment_text(subject: Subject, profile: ProviderProfile | None) -> str:
    """Payment for this subject: how to apply and where the merchant number goes."""
    if subject is Subject.INDIVIDUAL:
        return _(
            "Payments are for enterprise subjects only: an individual's mini-program cannot take "
            "payments. If you need them, register a mini-program with your company."
        )
    if subject is Subject.UNKNOWN:
        return _(
            "Payments are for enterprise subjects only. Choose your subject above to see the "
            "payment steps."
        )
    handover = payment_admin_sentence(profile) or _(
        "Enter the merchant number (商户号) and the payment key into your provider's admin "
        "(your provider's guide names the page)."
    )
    return join_sentences(
        _(
            "To take payments, apply in {path}: choose the payment solution and complete the "
            "merchant registration (进件) with your company's documents. The platform then "
            "gives you a merchant number (商户号)."
        ).format(path=menu(facts.PAYMENT_CONSOLE_PATH)),
        handover,
        payment_key_text(),
    )


def payment_key_text() -> str:
    """The payment key is a secret: where it is, and that 发布助手 never keeps it."""
    return _(
        "The payment key (支付系统密钥 SALT) is under {path}. It is a secret like the "
        "AppSecret: copy it from the console straight into your provider's admin. 发布助手 "
        "never asks for it and never keeps it."
    ).format(path=menu(facts.PAYMENT_SETTINGS_PATH))


def hosts_text() -> str:
    """The host apps to tick when submitting, by name, from the one list in core."""
    from wizard.core import hosts

    return _(
        "When submitting for review, tick the host apps the mini-program should open in: "
        "{apps}. The console also offers HarmonyOS (鸿蒙) versions of some of them."
    ).format(apps="、".join(hosts.host_names()))
