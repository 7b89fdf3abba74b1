"""The phrase families added for the shapes the rules barely caught (issue 13, training
round E): contempt, guilt-tripping, bringing in judges and defending, through the phrase
rules alone.

Each family is a pair at least: a harmful wording it catches (written fresh, not copied
from the training data) and an everyday look-alike that shares its words and stays clear
of the kind: warm teasing, a calm explanation someone asked for, praise passed on.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from repair_app.content.message_rules import load_message_rules
from repair_app.core.message_check import analyze

RULES = load_message_rules(model_file=None)
AFTERNOON = datetime(2026, 11, 23, 14, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def kinds(text: str) -> set[str]:
    return {f.kind for f in analyze(text, AFTERNOON, RULES, learned=False)}


# (kind, harmful wording the family catches, everyday look-alike that stays clear)
FAMILIES = [
    # contempt: agreement that isn't
    ("contempt", "Sure, whatever you say, you're always right.",
     "Whatever you say goes tonight, birthday girl 🎂"),
    ("contempt", "lol ok.", "lol ok see you at 8 by the fountain"),
    ("contempt", "ok and? 🙄", "ok and can you grab milk on the way?"),
    ("contempt", "cool cool cool so my plans just don't matter",
     "cool cool cool, I left my keys at work again, can you let me in?"),
    # contempt: words stopped at the end for effect
    ("contempt", "You left before the speeches. How convenient.",
     "The shop is two minutes from the station, very convenient for you."),
    ("contempt", "Thanks for the lecture.", "Thanks for the lecture notes, they saved my exam!"),
    ("contempt", "Another story about your fantasy league. Riveting.",
     "The book was riveting from the first page, you'd love it"),
    # contempt: praise asked for, mocked
    ("contempt", "You emptied the dishwasher. Want a medal?",
     "You deserve a medal for putting up with my snoring"),
    # contempt: talking down
    ("contempt", "I'll explain it slowly: the bins. go out. on Tuesday.",
     "I'll explain it slowly, for my own benefit: the blue bin is paper."),
    ("contempt", "I'll explain it slowly so you get it this time.",
     "I'll explain it slowly when you're home, it's a long story"),
    ("contempt", "Maybe let the adults handle the booking.",
     "The kids' table is sorted, the adults are in the back room"),
    ("contempt", "You're a grown man, you can book a dentist yourself.",
     "I, a grown woman, cried at a cartoon about a dog today."),
    ("contempt", "Sorry, I forgot you're the expert on everything now.",
     "Sorry, I forgot to ask how the expert panel went!"),
    # contempt: names for the reader
    ("contempt", "ok mum 🙄", "ok mum's on her way with the cake"),
    ("contempt", "okay drama queen, it was one comment",
     "haha okay drama queen, love you 😂"),
    # contempt: envy and fake wonder
    ("contempt", "Must be so nice having a job you can leave at five.",
     "must be nice to finally rest, you earned it"),
    ("contempt", "imagine being this upset about a parking space",
     "imagine being on that beach right now 🏖️"),
    ("contempt", "Oh good, another diet you'll quit by Friday.",
     "Great, another sunny day! Lunch outside?"),
    # guilt: alone again, as usual
    ("guilt", "I'll eat dinner on my own again, as usual.",
     "I'll eat on my own tonight, you enjoy the match!"),
    ("guilt", "Enjoy the party. I'll be here alone with the washing, like always.",
     "Have fun tonight! I'll be here when you get back x"),
    # guilt: used to it, nobody asks
    ("guilt", "Don't bother. I'm used to it.",
     "I'm used to it, the trains are always late round here"),
    ("guilt", "I worked a double today. Not that anyone asked.",
     "I worked a double today, not that I mind, the tips were great"),
    # guilt: sleep and health laid at their door
    ("guilt", "I haven't slept properly since you said that.",
     "I haven't slept well because of this heat, can we get a fan?"),
    # guilt: the debt and the comparison
    ("guilt", "After all I do for this family, one evening is too much?",
     "After all I did today I'm treating myself to a bath"),
    ("guilt", "Don't mind me, I'm only the wife.",
     "I'm only the driver tonight, so no wine for me"),
    ("guilt", "Everyone had their husbands there. Everyone.",
     "Everyone had their partners there, you'd have loved it, come next time!"),
    ("guilt", "A real boyfriend would have remembered.",
     "A real estate agent would have remembered the keys"),
    ("guilt", "But sure, the golf club needs you more.",
     "My sister needs you more than me right now, go"),
    # judges: others asked or told, then their verdict
    ("judges", "I asked around at work and nobody thinks that's normal.",
     "I asked around for a plumber and Dave's mate can come Tuesday"),
    ("judges", "I told my cousin what you said and she couldn't believe it.",
     "I told my boss about the move and he said I can leave at four"),
    ("judges", "Even my dad asked if we were having problems.",
     "Even my dad asked how your interview went!"),
    ("judges", "Even my grumpy grandad said you were out of order.",
     "even my grumpy grandad said you're a good lad"),
    # judges: verdicts in, online, and what normal people think
    ("judges", "Told the girls. The verdict is in.",
     "Told the girls about the house, they're so excited"),
    ("judges", "I ran a poll on my story and 80% said you're wrong.",
     "I did a poll on my story and 90% said get the puppy. What do you think?"),
    ("judges", "No reasonable person would have booked that without asking.",
     "Any reasonable time works for me, just say when"),
    ("judges", "So it wasn't just me who saw it.",
     "It wasn't just me who loved the film, the whole row cried"),
    ("judges", "Your whole family is disappointed in you.",
     "Your whole family is coming on Sunday, I'll do the roast"),
    # defending
    ("defending", "What was I supposed to do, leave her crying at the station?",
     "What am I supposed to do with all these leftovers?"),
    ("defending", 'I didn\'t "abandon" you, I went to get the car.',
     "I didn't abandon the diet, I just had a very big lunch 😇"),
    ("defending", "I'm not selfish. I'm tired.", "I'm not tired at all, shall we go dancing?"),
    ("defending", "I only said it because you kept pushing me.",
     "I only bought the small one because the big one was sold out"),
    ("defending", "You act like I planned the whole thing to hurt you.",
     "you act like I'm a celebrity every time I come home 😂"),
    ("defending", "I didn't say you had to stay in. I said I'd miss you.",
     "I didn't say no, I said let me check my diary first."),
    ("defending", "Nobody could have known the road would flood.",
     "Nobody could have made a better cake, honestly"),
    ("defending", "I was only trying to help.",
     "Since you asked, I was only trying to help Mum move the sofa, that's why I'm late."),
]


@pytest.mark.parametrize(("kind", "harmful", "fine"), FAMILIES)
def test_a_family_catches_its_shape_and_leaves_the_look_alike_clear(kind, harmful, fine):
    assert kind in kinds(harmful), harmful
    assert kind not in kinds(fine), fine


@pytest.mark.parametrize("text", [
    "Must be so nice to finally rest, you earned it",
    "my mum thinks you're lovely",
    "Since you asked: I left early because a migraine was starting. Nothing anyone said.",
    "haha okay drama queen, love you 😂",
    "cool cool cool, I locked myself out again 🙃 can you come let me in?",
])
def test_the_look_alikes_from_the_brief_have_no_finding_at_all(text):
    assert kinds(text) == set()
