"""The demo's partnership rounds: lot 2 in open reflection with two rounds (the demo fund coordinates),
lot 4 confidential with one round and an inactive partner. Synthetic consultants answer; the demo's
own consultant answers in lot 2, so their circle and the lot's map can be seen. Created once."""

from __future__ import annotations

import random

from django.contrib.auth.models import User
from django.db import transaction

from leerscan.accounts.models import Profile, Role, ServiceProvider
from leerscan.organizations.lots import lot_object
from leerscan.partnerships import services
from leerscan.partnerships.instrument import get_instrument
from leerscan.partnerships.models import PartnershipRound

OPEN_LOT_PARTNERS = ("Alimento (demo)", "Cobot (demo)", "Mtech+ (demo)")
CONFIDENTIAL_LOT = (("Vivo (demo)", True), ("Diverscity (demo)", False), ("Fonds 318 (demo)", False))
INACTIVE = "Fonds 320 (demo)"
CONSULTANTS_PER_PROVIDER = 2
#: How often each form is ticked for a partner: mostly information and help, little co-creation (seed
#: 003 line 1255). The second round of the open lot has a little more of everything.
FORM_CHANCE = {1: {"f1": 0.7, "f2": 0.5, "f3": 0.15}, 2: {"f1": 0.8, "f2": 0.6, "f3": 0.3}}


def synthetic_answers(rng: random.Random, lift: float = 0.0) -> dict:
    """Answers to parts B-E that hang together: one trait per person, some "don't know"."""
    instrument = get_instrument()
    trait = rng.gauss(lift, 0.8)
    answers = {}
    for q in instrument.questions:
        if q.type == "likert":
            if rng.random() < 0.05:
                answers[q.id] = 0
                continue
            value = min(5, max(1, round(3.3 + trait + rng.gauss(0, 0.7))))
            answers[q.id] = 6 - value if q.reverse else value
        elif q.type == "choice":
            answers[q.id] = rng.choice(q.options).code
        elif q.type == "multi":
            answers[q.id] = sorted(rng.sample([o.code for o in q.options], 3))
    return answers


def synthetic_ties(rng: random.Random, alters, chances: dict) -> dict:
    ties = {}
    for alter in alters:
        tie = {f: rng.random() < chance for f, chance in chances.items()}
        for form in chances:
            tie[f"contribution_{form}"] = rng.randint(1, 4) if tie[form] else None
        tie["f2_direction"] = rng.choice(["give", "receive", "both"]) if tie["f2"] else ""
        ties[alter.pk] = tie
    return ties


def _consultant(provider: ServiceProvider, number: int) -> User:
    user, created = User.objects.get_or_create(username=f"demo-{provider.pk}-{number}")
    if created:
        user.set_unusable_password()
        user.save()
    Profile.objects.get_or_create(user=user, defaults={"role": Role.CONSULTANT, "service_provider": provider})
    return user


def _answer_round(round: PartnershipRound, rng: random.Random, chances: dict, skip=(), lift=0.0) -> int:
    """Every consultant of every active partner answers (except ``skip``); returns how many did."""
    answered = 0
    partners = list(round.partners.select_related("provider"))
    for partner in partners:
        if not partner.active:
            continue
        alters = [p.provider for p in partners if p.provider_id != partner.provider_id]
        for number in range(1, CONSULTANTS_PER_PROVIDER + 1):
            user = _consultant(partner.provider, number)
            if user in skip:
                continue
            services.save_answers(
                round,
                user,
                partner.provider,
                synthetic_answers(rng, lift),
                synthetic_ties(rng, alters, chances),
                submit=True,
            )
            answered += 1
    return answered


def _providers(lot, names) -> list[ServiceProvider]:
    return [ServiceProvider.objects.get_or_create(name=name, defaults={"lot": lot})[0] for name in names]


@transaction.atomic
def create_demo_partnerships(demo_provider: ServiceProvider, demo_staff, demo_consultant) -> list:
    """The demo rounds (only once); returns the rounds for the printed links."""
    rng = random.Random(21)
    open_lot = demo_provider.lot
    if not PartnershipRound.objects.filter(lot=open_lot).exists():
        _providers(open_lot, OPEN_LOT_PARTNERS)
        first = services.create_round(open_lot, PartnershipRound.Mode.OPEN)
        _agree_all(first, demo_staff)
        services.open_round(first)
        _answer_round(first, rng, FORM_CHANCE[1])
        services.close_round(first)
        second = services.create_round(open_lot, PartnershipRound.Mode.OPEN)
        _agree_all(second, demo_staff)
        services.open_round(second)
        _answer_round(second, rng, FORM_CHANCE[2], lift=0.3)
        alters = [p.provider for p in second.partners.exclude(provider=demo_provider)]
        services.save_answers(
            second,
            demo_consultant,
            demo_provider,
            synthetic_answers(rng, 0.3),
            synthetic_ties(rng, alters, FORM_CHANCE[2]),
            submit=True,
        )
    confidential_lot = lot_object(4)
    if not PartnershipRound.objects.filter(lot=confidential_lot).exists():
        for name, coordinator in CONFIDENTIAL_LOT:
            ServiceProvider.objects.get_or_create(
                name=name, defaults={"lot": confidential_lot, "is_coordinator": coordinator}
            )
        [inactive] = _providers(confidential_lot, [INACTIVE])
        round = services.create_round(
            confidential_lot, PartnershipRound.Mode.CONFIDENTIAL, inactive=[inactive]
        )
        services.open_round(round)
        _answer_round(round, rng, FORM_CHANCE[1])
        services.close_round(round)
    return list(PartnershipRound.objects.filter(lot__in=[open_lot, confidential_lot]))


def _agree_all(round: PartnershipRound, demo_staff) -> None:
    """In the demo every partner agreed to open reflection (recorded by a synthetic staff member, the
    demo fund's by its own staff)."""
    for partner in round.partners.filter(active=True).select_related("provider"):
        if partner.provider_id == demo_staff.profile.service_provider_id:
            user = demo_staff
        else:
            user, created = User.objects.get_or_create(username=f"demo-{partner.provider_id}-staff")
            if created:
                user.set_unusable_password()
                user.save()
            Profile.objects.get_or_create(
                user=user, defaults={"role": Role.SERVICE_PROVIDER, "service_provider": partner.provider}
            )
        services.record_agreement(round, user, partner.provider)
