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
    ("judges", "So it's not just me who thinks it.",
     "It's not just me, the whole office loves your cookies"),
    ("judges", "The counsellor said what you did was cruel.",
     "The counsellor said we're doing really well"),
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
    # defending: tit for tat, shrugging it off, asking leave to have been right
    ("defending", "You had your mates round all weekend and I didn't say a word.",
     "I didn't say a word to your mum about the surprise, promise 🤐"),
    ("defending", "I didn't do anything wrong.", "Did I do anything wrong with the form?"),
    ("defending", "You could have checked the tickets too.",
     "You could have the last slice if you want"),
    ("defending", "The forecast said sun. That's not on me.",
     "Dinner's on me tonight, you pick"),
    ("defending", "I didn't lose it on purpose!", "I bought the big one on purpose, for leftovers"),
    ("defending", "I'm allowed to have friends.", "I'm allowed to bring a plus one!"),
    ("defending", "Excuse me for wanting a night off.",
     "Excuse me for being late, the bus broke down"),
    ("defending", "I'm not a mind reader.", "I'm not a morning person, call me after ten"),
    ("defending", "I have the email.", "I have the tickets, see you at the gate"),
    ("defending", "I stayed for the first set. That's more than your brother did.",
     "That's more than I did all week, well done!"),
    ("defending", "I'm not the only one who hasn't paid.",
     "I'm not the only one who loves your lasagne, Mum asked for the recipe"),
    ("defending", "Nobody told me it was a black-tie thing.",
     "Nobody told me about the party, can I still come?"),
    ("defending", "I didn't forget. The train was cancelled.",
     "I didn't forget, I've got the tickets in my bag"),
    ("defending", "I did the school run, I cooked, I paid the gas bill. You act like I sit about.",
     "I did the shopping, I picked up your prescription, I booked the MOT, all sorted ❤️"),
    ("defending", "I rang the garage, I checked the tyres, I sent you the quote. Still my fault?",
     "I went to the gym, I cooked, I rang your mum. How was your day?"),
    ("defending", "I labelled the boxes, I booked the van, I moved your desk myself, so don't.",
     "I cleaned the kitchen, I walked the dog, I watched a film. Lovely lazy day!"),
    ("defending", "You read my texts. Let's talk about that first.",
     "Let's talk about the holiday first, then dinner"),
    # guilt: martyr endings
    ("guilt", "Go to the pub. I'll survive.", "Don't worry, I'll survive! 😂 go have fun"),
    ("guilt", "Fine. I'll manage. I always do.", "I'll manage the bins tonight, you rest"),
    ("guilt", "It's my birthday but not like birthdays matter.",
     "It's my birthday, so cake for breakfast matters"),
    ("guilt", "You took a month off for yours. But that was different, I suppose.",
     "The new flat is different, I suppose we'll get used to it"),
    ("guilt", "whatever, I'm used to sacrificing", "I'm used to the new bus route now"),
    ("guilt", "Your brother gets to go skiing, and I get to mind his dog.",
     "The kids get to go skiing and I get to read by the fire, bliss"),
    ("guilt", "I'm the one getting up at five with her every day.",
     "I'm the one getting the cake, you're on balloons!"),
    ("guilt", "I had to lie for you. Again.",
     "Please don't lie for me if they ask, just say I'm ill"),
    ("guilt", "Mum asked why you weren't there and I didn't know what to tell her.",
     "Mum asked why you were late and I told her about the train"),
    ("guilt", "Don't mind me.", "don't mind me, just grabbing my charger"),
    ("guilt", "I'll cook for everyone on Sunday. Again.",
     "I'll pick you up at 8. Again, thanks so much!"),
    ("guilt", "ok I'll watch the film alone then 🙂", "I'll go on my own then, see you there"),
    ("guilt", "It's fine. It's what I'm for.", "It's what I'm here for! 😊"),
    # guilt: the debt from family and years
    ("guilt", "After everything my mum did for us, you can't come to her party?",
     "After everything my mum did today she deserves a nap"),
    ("guilt", "After twenty years of me cooking every night, you want thanks?",
     "after ten years of dancing I finally did the splits"),
    ("guilt", "I turned down the promotion for you.",
     "I left my scarf at yours for you to borrow"),
    ("guilt", "If you really wanted to see me you'd find a way.",
     "If you want to see me, I'm free Thursday!"),
    ("guilt", "If the kids mattered to you, you'd be home.",
     "The kids mattered most to you today, I saw that"),
    ("guilt", "I gave up my weekends, and you can't give me one evening?",
     "I had a lovely day and you can't give me one more of those hugs?? 🥰"),
    ("guilt", "I saved for months for that. But sure, lend it to whoever.",
     "But sure, lending it is fine, she's careful"),
    # guilt: the children's hurt handed over, my health their doing
    ("guilt", "You can explain to her why you missed it.",
     "I can explain to her why the park's shut"),
    ("guilt", "You can explain to the kids why Dad isn't coming.",
     "You can explain to the kids how the tent goes up, you're better at it"),
    ("guilt", "You're the one who's cancelling. Tell them yourself.",
     "Can you tell them yourself? I'm driving"),
    ("guilt", "Have you thought about what that'll do to the kids?",
     "Have you thought about what we'll do with the kids at half term?"),
    ("guilt", "You're making me sick with worry.", "This cold is making me ill, staying in"),
    ("guilt", "This is what your shouting is doing to me.", "What is your boss doing to you?"),
    ("guilt", "I got home at 2 and I'm up at 6. So thanks for that.",
     "You picked up the dry cleaning? Thanks for that!"),
    ("guilt", "Thanks for making me feel so small.",
     "thanks for making me feel so welcome at your mum's ❤️"),
    # judges: threatening to ask their side, others lined up, verdicts in
    ("judges", "Shall I ask your mum what she'd think of you skipping her birthday?",
     "Shall I ask your mum what she'd like for her birthday?"),
    ("judges", "Tell your sister and we'll see whose side she takes.",
     "Tell your sister we'll be there by six"),
    ("judges", "Fine, let the internet decide.", "Let the kids decide where we eat"),
    ("judges", "My brother sided with me, by the way.", "My brother sat with me at the match"),
    ("judges", "Three hundred people agree with me.", "The new diet really agrees with me"),
    ("judges", "my mum and my nan both said you're being unfair",
     "my mum and my nan both said they can't make Sunday"),
    ("judges", "The GP said it was completely your fault.",
     "The doctor said you're healing really well!"),
    ("judges", "I told Jo and she was absolutely livid.",
     "Mum was livid about the parking ticket lol"),
    ("judges", "The girls are fuming on my behalf.", "Can you sign for the parcel on my behalf?"),
    # contempt: agreeing while sneering, compared with a child, titles and put-downs
    ("contempt", "The lawn's a swamp but sure, you're a natural.",
     "I'm tired but sure, let's go for a walk"),
    ("contempt", "You'll book it. Sure. I'll hold my breath.",
     "I'll hold my breath under water for 30 seconds, time me!"),
    ("contempt", "here we go again with the feelings", "Here we go, holiday mode on! 🌴"),
    ("contempt", "That's a lot of words for 'I forgot'.", "That's a lot of cake for two people 😂"),
    ("contempt", "Even a child knows this.",
     "Even a child could enjoy this museum, let's take Mia"),
    ("contempt", "My nan walks faster.", "My nan walks every morning, she's amazing"),
    ("contempt", "ok professor", "ok champ, see you at the finish line 💪"),
    ("contempt", "Good thing one of us has a brain.", "Good thing one of us can cook 😂"),
    ("contempt", "Not reading all that.", "I'm not reading all that now, tell me tonight x"),
    ("contempt", "Very modern. Very Escher.", "Very very happy for you!"),
    ("contempt", "You want applause? Clap clap.", "The kids want applause after the show!"),
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
