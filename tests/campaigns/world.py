"""Campaign records for the isolation test's world: a campaign of the town's district that covers only this town
(so another town's roles cannot see it), launched, with the town's follow-up task open."""

from __future__ import annotations

from factories import TownWorld
from renda.campaigns import services
from renda.core.actors import SYSTEM


def build(tw: TownWorld) -> None:
    campaign = services.campaign_create(
        district=tw.town.district,
        data={
            "title": f"消防安全隐患专项整治（{tw.town.name}）",
            "theme": "消防安全",
            "towns": [tw.town],
            "categories": ["群租房", "电动车室内充电"],
        },
        actor=SYSTEM,
    )
    services.campaign_launch(campaign=campaign, actor=SYSTEM)
    campaign.refresh_from_db()
    tw.objects |= {"campaigns.campaign": campaign, "campaigns.towntask": campaign.tasks.get()}
