"""Near misses: fine messages that share words with harmful ones, and the harmful twin of
each, through the phrase rules alone (the learned layer is tested in test_message_model).

Each case is a pair: the fine message gets no finding of the kind, and its near twin,
the same words turned against the reader, still does. The exceptions are general
(``unless`` phrases and narrowed phrases in message_rules.toml; quotation marks, trailing
emoji and questions in core/message_check.py), so these are examples, not the list.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from repair_app.content.message_rules import load_message_rules
from repair_app.core.message_check import analyze
from repair_app.core.message_rules import phrase_to_regex

RULES = load_message_rules(model_file=None)
AFTERNOON = datetime(2026, 11, 23, 14, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def found(text: str) -> set[str]:
    return {f.kind for f in analyze(text, AFTERNOON, RULES, learned=False)}


def marked(text: str, kind: str) -> list[str]:
    return [text[f.start:f.end] for f in analyze(text, AFTERNOON, RULES, learned=False)
            if f.kind == kind and f.span is not None]


PAIRS = [
    # "sorry, but" as a polite opener for plans, places and questions...
    ("apology_excuse", "Sorry but the restaurant moved our booking to 8.",
     "Sorry but you made me late with your drama."),
    ("apology_excuse", "Sorry but can you send me the address again?",
     "Sorry but can you stop bringing it up?"),
    ("apology_excuse", "I'm really sorry, but I've double-booked Saturday. Can we swap?",
     "I'm really sorry, but you were late too."),
    ("apology_excuse", "sorry, but I'm running late! be there in 10",
     "sorry, but I'm not apologising again"),
    ("apology_excuse", "Sorry, but the shop closes at 5, can we go tomorrow?",
     "Sorry, but honestly what did you expect me to do?"),
    # ...an apology for something, then "but", is an excuse whatever follows
    ("apology_excuse", "I'm sorry I was grumpy, I didn't sleep well but that's no excuse.",
     "Sorry I'm late, but the train was cancelled."),
    ("apology_excuse", "Sorry if this is a silly question but where are the batteries?",
     "Sorry if you felt hurt but I was under pressure."),
    # praise and care that share words with blame
    ("always_never", "You're always so thoughtful with presents.",
     "You're always so late with presents."),
    ("always_never", "You never let me down.", "You never let me finish."),
    ("always_never", "You never stop surprising me.", "You never stop complaining."),
    ("always_never", "You never stop working, take a break!", "You never stop working."),
    ("always_never", "u always know what song to put on in the car",
     "you always know how to ruin a nice evening"),
    ("always_never", "You never complain about the night feeds.",
     "You never help with the night feeds."),
    ("always_never", "Not once did I doubt you.", "Not once did you ask how I was."),
    ("blame", "You're impossible to beat at Scrabble.", "You're impossible to talk to."),
    ("blame", "It wasn't your fault the shop gave you the wrong size.",
     "It was your fault we missed the flight."),
    ("blame", "You're the one who taught me to make pancakes!",
     "You're the one who started this."),
    # a question that only sounds like a demand
    ("pressure", "answer me this: pizza or thai?", "Answer me this second."),
    ("pressure", "Where are you? I'm at the front of the cinema.",
     "Where are you? Who are you with?"),
    ("pressure", "Hello?? The wifi is down again lol", "Hello?? I'm talking to you."),
    ("pressure", "Reply whenever you get a chance, nothing urgent.", "Just reply."),
    ("pressure", "pizza tonight?? 🍕", "are you ignoring me??"),
    # praise passed on, and verdicts about things, not about either of you
    ("judges", "My friends think you're hilarious.", "My friends think you're selfish."),
    ("judges", "Everyone said your speech was the best part.",
     "Everyone said you were out of line."),
    ("judges", "Everyone agrees the new café is better.", "Everyone agrees you overreacted."),
    ("judges", "Everyone agrees the new café is better.",
     "Everyone says the problem is you, not me."),
    ("judges", "My mum thinks you're wonderful.",
     "Even your best friend thinks you should apologise."),
    # memories and jokes, not promises
    ("promises", "I'll never forget that trip to Rome.", "I'll never forget to call again."),
    ("promises", "I'll never forget that trip to Rome.",
     "I will never forget another date as long as I live."),
    ("promises", "Never again am I eating at that place 😂", "Never again. I mean it."),
    ("promises", "Never again am I eating at that place.", "Never again will I make you doubt me."),
    # joke markers that clearly make it light
    ("defending", "To be fair, that film was terrible 😂", "To be fair, you never told me."),
    ("defending", "Anyone would be lucky to have a friend like you.",
     "Anyone would have reacted the same way."),
    ("reassurance", "Do you hate me for eating the last biscuit? 😂", "Do you hate me now?"),
    ("reassurance", "Do you still want me to grab the dry cleaning?",
     "Do you still want me to come to the wedding? Or are we not doing that now"),
    # guilt: the issue's own examples, and their everyday look-alikes
    ("guilt", "I'm invisible in this photo, the flash was too bright",
     "cool so im just invisible now"),
    ("guilt", "After all the rain, the garden finally looks green.",
     "I'm sorry. After all the sacrifices I've made for you, I can't believe this."),
    ("guilt", "I don't matter much to the group quiz score, you carry us 😄",
     "I guess I don't matter to you anymore."),
    # guilt: martyr shapes, bitter well-wishing, pain laid at their door
    ("guilt", "Don't worry about me, I'm having a great time at Sarah's!",
     "Don't worry about me. I'm used to being let down."),
    ("guilt", "I guess I'll just get the bus then, no worries!",
     "I guess I'll just wait by the phone like a fool again."),
    ("guilt", "guess I'll just get the train, it's quicker anyway!",
     "guess ill just do the school run again myself"),
    ("guilt", "Hope the trip is worth it, send pics!", "Well I hope she was worth it."),
    ("guilt", "I was crying laughing because of you last night 😂",
     "My anxiety is through the roof because of you."),
    ("guilt", "Haha that's what I get for not checking the forecast!",
     "I gave up my career for you and this is what I get."),
    ("guilt", "It's the least I could do after you fed the cat all week.",
     "The least you could do is not smoke in the garden."),
    ("guilt", "I'm the one who booked the table, so I'll ring them.",
     "I'm the one who does everything in this house."),
    ("guilt", "Don't forget about me at 5!", "Fine, forget about me. Everyone else does."),
    ("guilt", "I haven't slept much, the baby was teething.",
     "I haven't slept in three days, thanks to you."),
    # contempt: mock praise and titles, and their sincere look-alikes
    ("contempt", "Congrats on the new job!!", "congrats on being the most useless person alive"),
    ("contempt", "Please spare me a slice of that cake 🍰", "Spare me the sob story."),
    ("contempt", "Please spare me a slice of that cake 🍰", "please, spare me"),
    ("contempt", "Look who I bumped into at the shops!",
     "Oh look who finally decided to show up."),
    ("contempt", "That was very kind of you.", "Ignoring me now too. Very adult of you."),
    ("contempt", "You're an absolute genius, thank you!", "Thanks for nothing, genius."),
    ("contempt", "Thanks, I'll ask the professor tomorrow.",
     "Yes, your highness. Anything else, your highness?"),
    ("contempt", "It must be nice and warm in Lisbon, enjoy!",
     "Must be nice to have no responsibilities."),
    ("contempt", "It must be lovely by the sea this time of year.",
     "Must be lovely having nothing to worry about."),
    ("contempt", "Nice of you to ask, I'm feeling much better.",
     "Nice of you to finally notice I exist."),
    ("contempt", "Great job with the cake, the kids loved it.",
     "Great job, Dad of the Year. She'll be telling her therapist about this one."),
    ("contempt", "cool, so we're meeting at 8?", "cool so im just invisible now"),
    ("contempt", "ok so I'm at the station, which exit?",
     "wow ok so ur just gonna go out when i feel this bad"),
    # judges: others' verdicts brought in, and others merely mentioned
    ("judges", "Even my boss said I could leave early today.",
     "Even my boss noticed something's off with you."),
    ("judges", "Could you forward the email from the school?",
     "I forwarded your texts to my brother so he can see what you're like."),
    ("judges", "Reddit says the best pizza in town is Luigi's.",
     "Reddit says you're the a-hole btw"),
    ("judges", "I told my mum about you today and she wants to meet you!",
     "I told my mum everything and she's on my side."),
    ("judges", "Move over, you're on my side of the bed again.",
     "my mom saw the screenshots and she's on my side"),
    ("judges", "My sister thinks you're coming on Friday?", "My sister thinks you're selfish."),
    ("judges", "Your mum says we can stay over on Saturday.",
     "Your mum says you were out of order."),
    ("judges", "My mum said you can park in her drive.", "My mum said you were rude to her."),
    ("judges", "My mum says you're welcome any time.",
     "my flatmates think ur being so weird about this"),
    ("judges", "my dad said ur speech made him cry lol. u did so good",
     "My parents say I should stop putting up with this."),
    ("judges", "The forecast says you're going to need an umbrella.",
     "My friends say you're bad news."),
    ("judges", "My doctor called you a taxi, it's outside.",
     "My therapist literally called you a narcissist."),
    ("judges", "Everyone at work says hi!", "Everyone at the party saw how you acted."),
    ("judges", "Can you ask around if anyone has a ladder?",
     "Honestly ask literally anyone, they'll say the same."),
    ("judges", "I'll show you the texts from the builder.",
     "I'm going to show your mother these messages."),
    # defending: asking to be let off, and the same words in other uses
    ("defending", "I'm the bad guy's henchman in the panto, rehearsals start Monday.",
     "i literally did nothing wrong so idk why im the bad guy again"),
    ("defending", "The quiz asked how many moons Mars has, how was I supposed to know 😂",
     "How was I supposed to know? You never said."),
    ("defending", "It was a joke shop, they sold whoopee cushions.",
     "It was a joke! You can't take a joke."),
    ("defending", "Am I overreacting about the seating plan? Be honest.",
     "You're overreacting. It was one drink."),
    ("defending", "I know that's not fair to you, and I'm sorry.",
     "That's not fair, I did my share."),
    # pressure: deadlines and read receipts, and times that are only news
    ("pressure", "I read 2 chapters last night, it's so good.", "read 11:42pm. nice."),
    ("pressure", "It's been 3 days since the op and I'm feeling loads better.",
     "it's been 40 minutes"),
    ("pressure", "Can you answer the phone for me at the shop tomorrow?", "Answer the question."),
    ("pressure", "Are you having the last slice or not? 🍕", "Are you coming or not?"),
    ("pressure", "Do you need to know now or can it wait?", "r u coming i need to know rn"),
    ("pressure", "Answer me honestly: oat milk or soy?", "Answer me. Now."),
    # praise said outright, which "you always/never" shares words with
    ("always_never", "u never skip leg day, i respect it",
     "u never skip a chance to put me down"),
    ("always_never", "You always stay up for our calls and I'm so grateful.",
     "You always stay up gaming and I'm the one who's tired."),
    ("always_never", "You never sound better than when you play that song.",
     "You never sound sorry when you say it."),
    ("explaining", "For the record, that was the best birthday I've ever had.",
     "For the record, I was there at 7."),
    ("promises", "u were snoring again lol. i'll never let u forget this",
     "I'll never let you down again."),
    # an apology that owns the fault, or only asks for something
    ("apology_excuse", "Sorry but I forgot the milk, totally my fault.",
     "Sorry but I forgot the milk, it wasn't my fault."),
    ("apology_excuse", "Sorry, but I need your passport number for the form, no rush.",
     "Sorry, but I need you to stop bringing it up."),
    # praise and thanks said outright, with always/never
    ("always_never", "you always find the cheapest flights, it's honestly a superpower",
     "you always find a way to make it about you"),
    ("always_never", "You always stay up for our calls, I'm grateful.",
     "You always stay up gaming and you're never grateful."),
    ("always_never", "I really appreciate that you never miss my games.",
     "You never appreciate anything I do."),
    ("always_never", "You always remember how I take my tea, it makes my day.",
     "You always remember every mistake I make."),
    ("always_never", "You have always made every house we lived in feel like home.",
     "You have always made every house we lived in feel like a prison."),
    ("always_never", "you always come home in such a good mood",
     "you always come home in a bad mood"),
    ("always_never", "why do u always look so peaceful asleep",
     "why do u always look so bored when I talk"),
    ("always_never", "You never sound better than when you play that song.",
     "You never sound sorry."),
    ("always_never", "You have never once let me down.", "You have never once said sorry."),
    ("always_never", "you never lose your patience with the kids",
     "you never lose an argument, do you"),
    ("always_never", "You never make a fuss when I need quiet.",
     "You never make time when I need you."),
    ("always_never", "u always believed i could pass", "u always believed her over me"),
    # "sorry, but" about numbers, things and plans
    ("apology_excuse", "Sorry, but the fine went up to 120. I'll pay it tonight.",
     "Sorry, but you were doing 120 on the motorway."),
    ("apology_excuse", "sorry but the app says we're £20 over on takeaways lol",
     "sorry but it's not my fault we're £20 over"),
    ("apology_excuse", "sorry but the deposit's non-refundable, I'll ask them to move it",
     "sorry but I didn't know the deposit was non-refundable"),
    ("apology_excuse", "Sorry, but parents' evening clashes with my shift.",
     "Sorry, but I had to take the shift, you know that."),
    ("apology_excuse", "sorry but is it the blue bin or the green one this week",
     "sorry but you never take the bins out"),
    ("apology_excuse", "Terribly sorry, but I've misplaced the tickets.",
     "Terribly sorry, but I didn't lose the tickets."),
    ("apology_excuse", "sorry but i can't find the charger anywhere, have u seen it",
     "sorry but i can't keep apologising for the charger"),
    # capitals shouted for joy, or for a joke
    ("shouting", "WE WON. WE ACTUALLY WON", "YOU WON'T EVEN LISTEN"),
    ("shouting", "We got them!!! WE GOT THEM 🎉", "You forgot them!!! AGAIN"),
    ("shouting", "you ate my leftovers AGAIN 😂", "you ate my leftovers AGAIN"),
    # questions asked honestly, good news, plans
    ("pressure", "Answer me honestly: do I look ok in this or is it too much?",
     "Answer me honestly now."),
    ("pressure", "ok answer me honestly. oat milk or soy",
     "Answer me honestly right now, where were you"),
    ("pressure", "wow!!! you got the house?? amazing!!", "wow?? you went to the pub instead??"),
    ("pressure", "exam went ok i think?? celebrating w nandos", "you went out?? without me??"),
    ("pressure", "wait for me to watch ep 5 ok?? im home at 8", "where are you?? im home alone"),
    # good news passed on
    ("judges", "My therapist said I've come a long way this year.",
     "My therapist said you're the problem."),
    ("judges", "Our counsellor said we did really well tonight.",
     "Our counsellor said you did this to us."),
    ("judges", "My therapist says I'm getting better at saying what I need.",
     "My therapist says you're getting worse."),
    ("judges", "Mum says thanks for the flowers, she's put them where everyone sees",
     "Everyone sees what you did."),
    # owning it, not defending it
    ("defending", "I check out when the matches are on. That's not fair to you.",
     "That's not fair, you do it too."),
    ("defending", "To be fair to you, you did tell me about the match weeks ago.",
     "To be fair, you never told me about the match."),
    # memories and teasing, not promises
    ("promises", "I'll never forget their faces when the donkey's head fell off",
     "I'll never forget their birthdays again"),
    ("promises", "something about penguins. i'll never let u forget this",
     "I'll never let you down again"),
    # more thanks, owning it, a plan
    ("always_never", "You never forget to text when you land. It means more than you know.",
     "You never text when you land. It means nothing to you."),
    ("defending", "I spend without asking and I know that's not fair. Can we set a limit?",
     "I know that's not fair, but you do it too."),
    ("pressure", "brunch sunday??", "you had brunch with him??"),
    # the story owned, a good record, a joke
    ("explaining", "Here's what happened: the ball hit the vase. It was my fault.",
     "Here's what happened: the ball hit the vase. Kids do that."),
    ("explaining", "For the record, that was the best birthday I've ever had.",
     "For the record, I did my best."),
    ("explaining", "For the record, that film was terrible 😂", "For the record, I was right."),
    # an eye-roll at myself or at a delay, not at you
    ("contempt", "🙄 at myself for forgetting the tickets", "🙄 at you for forgetting the tickets"),
    ("contempt", "oh great, the train's delayed again 🙄 I'll be 20 min late",
     "oh great, you're late again 🙄"),
    # warm superlatives, favourites, good news; where we are and when things arrive
    ("always_never", "You always find the funniest memes.", "You always find the worst moment."),
    ("always_never", "You always think of the sweetest things.",
     "You always think you're the smartest person in the room."),
    ("always_never", "You have always been my favourite person to travel with.",
     "You have always been my problem to deal with."),
    ("always_never", "You never miss a beat with the school runs, honestly a lifesaver",
     "You never miss a chance to make me look bad."),
    ("judges", "My mum thinks you're a genius for fixing her laptop.",
     "My mum thinks you're a liar."),
    ("shouting", "I GOT THE JOB", "I GOT THE MESSAGE"),
    ("pressure", "Where are you? We're at table 12 near the window.",
     "Where are you? Why won't you answer?"),
    ("pressure", "are you at the station yet?? train gets in at 6:40",
     "are you at the station yet?? answer me"),
    ("promises", "Never again am I doing a 6am flight.", "Never again will I let you down."),
    # the exceptions stop where the words turn against the reader
    ("pressure", "Answer me honestly: do I look ok in this?",
     "Answer me honestly, are you seeing someone?"),
    ("pressure", "you passed?? congrats!!", "congrats on ignoring me all day??"),
    ("apology_excuse", "Sorry, but the bill was £200, shall we split it?",
     "Sorry but the bill was £200 because of your mates."),
    ("apology_excuse", "sorry but I had a shift till 9, can we do 10?",
     "sorry but I had a shift, what was I supposed to do"),
    ("apology_excuse", "sorry but the tickets are in your email, can you check?",
     "sorry but the tickets were your job not mine"),
    ("judges", "Everyone says thanks for the flowers.",
     "Everyone says thanks a lot for ruining it."),
    ("always_never", "you never lose your patience with the kids",
     "you never lose your temper with anyone but me"),
    # round F: kindness that shares words with blame, and where it stops
    ("always_never", "You never let the crew down, even in a storm.",
     "You never let the kids go to bed on time."),
    ("always_never", "u never make me feel stupid for asking stuff",
     "You never make me feel stupid, but you never listen either."),
    ("always_never", "You never once made me feel like a burden when I was ill.",
     "You never once made me feel like I mattered."),
    ("always_never", "You always make me feel special.", "You never make me feel special anymore."),
    ("always_never", "you never forget to call me before my duty",
     "you never forget to call your mum, but you forget me"),
    ("always_never", "You never miss her concerts.",
     "You never miss his matches but you missed our anniversary."),
    ("always_never", "you were right about the straw, you always are about the animals",
     "You always think you're right about the car."),
    ("always_never", "u always get the last clue, im obsessed w ur brain",
     "u always get the last word, ur obsessed w urself"),
    ("always_never", "You never miss a chance to help out, I'm so lucky to have you.",
     "You always leave me the washing up. I'm so lucky."),
    ("always_never", "you always bring me coffee before my shift, salamat",
     "you always forget the coffee, gracias por nada"),
    ("always_never", "You have always had the steadiest hands.",
     "You have always had the messiest room."),
    ("always_never", "You always know exactly which biscuit I need.",
     "You always think you know what I need."),
    ("always_never", "you always know just what to say to cheer me up",
     "you always know what to say to hurt me"),
    ("always_never", "You always said it would root. I'm never going to hear the end of this.",
     "You always said you'd change. I'm sick of hearing it."),
    # round F: praise passed on by family and friends
    ("judges", "Dad said you were a natural with the canoe.",
     "Dad said you were a nightmare with the canoe."),
    ("judges", "My sister says you're the most romantic man she's met.",
     "My sister says you're the most selfish man she's met."),
    ("judges", "My mom said you're the only one who ever helps. She adores you.",
     "My mom said you're the only one who never helps."),
    ("judges", "My brother said you were really brave at the hospital.",
     "My brother said you were really rude at the hospital."),
    ("judges", "My therapist said we handled the lodger talk really well.",
     "My therapist said you handled the lodger talk really badly."),
    ("judges", "my friends think we're cute", "my friends think you're controlling"),
    ("judges", "My boss said you're the funniest person at the party.",
     "My boss said you're the rudest person at the party."),
    # round F: vows about a place, and a small habit
    ("promises", "never again with that sushi place, my stomach hurts",
     "never again, I'll be the perfect partner"),
    ("promises", "i'll always text u when im home, its just easier",
     "i'll always text u back straight away, every single time"),
    # round F: an eye-roll at a delay, not at their excuse; envy of a pet; holiday pics
    ("contempt", "oh great, the train's delayed again 🙄 I'll be 20 min late",
     "oh the train was delayed was it 🙄"),
    ("contempt", "the bus was late again 🙄 be there at 8",
     "oh the bus was late, apparently 🙄"),
    ("contempt", "must be nice being the cat in this house, she's had three breakfasts",
     "must be nice being you"),
    # round F: plans of my own, a sacrifice I'm glad of
    ("guilt", "Don't worry about me, I'm honestly having a lovely time at Mum's.",
     "Don't worry about me, I'm honestly used to it."),
    ("guilt", "Don't worry about me tonight, I've got a film and a bath planned.",
     "Don't worry about me tonight, I've got nothing planned anyway."),
    # round F: "sorry, but" owning a small thing, or asking for one
    ("apology_excuse", "Sorry but I've eaten the last yoghurt. Will replace!",
     "Sorry but I've eaten because you never cook."),
    ("apology_excuse", "home by quarter past seven sorry but can you put the oven on at half six",
     "sorry but can you stop going on about it"),
    # round F: capitals venting about someone else, or for good news
    ("shouting", "The council has STILL not collected the green bin.",
     "You have STILL not collected the green bin."),
    ("shouting", "my boss moved the deadline AGAIN and blamed the intern",
     "my boss says you moved the deadline AGAIN"),
    ("shouting", "my landlord came round without knocking AGAIN",
     "The builder needs the window spec TODAY."),
    ("shouting", "SHE'S HOME. Under the neighbour's car the whole time.", "ARE YOU HOME?"),
    # round F: an answer, not a demand for one
    ("pressure", "To answer your question from earlier, the key is under the blue pot.",
     "I need you to answer the question."),
    ("pressure", "I need an answer before 3: chicken or fish for the lunch?",
     "I need an answer now: yes or no?"),
    ("pressure", "Quick one, I need an answer by 5: pasta or curry tonight?",
     "I need an answer: me or her?"),
    # round F: remembering my days and how I like things
    ("always_never", "you never forget my mum's birthday, she noticed",
     "you never forget my birthday but you forgot our anniversary"),
    ("always_never", "You always remember how I take my tea.",
     "You always remember how I messed up."),
    ("judges", "Dad said you're the only person who's ever beaten him at chess.",
     "Dad said you're the only person who's ever been rude to him."),
    ("judges", "My nan said you can have her old bike.", "My nan said you were rude to her."),
    ("judges", "My mum says I deserve a holiday after this term.", "My mum says I deserve better."),
    ("guilt", "I guess I'm just not a morning person, coffee first!",
     "I guess I'm just not important to you"),
    ("reassurance", "Are we still good for 7?", "are we still ok?"),
    ("reassurance", "Are we still on for Friday?",
     "Are we still on for Friday? Do you even love me anymore?"),
    ("pressure", "Where are you? We're in the queue by the popcorn.",
     "Where are you? I'm in the car, why aren't you answering"),
]


@pytest.mark.parametrize(("kind", "fine", "harmful"), PAIRS)
def test_the_fine_message_is_not_flagged_and_its_twin_still_is(kind, fine, harmful):
    assert kind not in found(fine)
    assert kind in found(harmful)


@pytest.mark.parametrize(("kind", "text"), [
    # the same warm words said dryly, as a question, or with a turn: still harmful
    ("contempt", "oh the train was delayed was it 🙄"),
    ("contempt", "oh the train was delayed, was it 🙄"),
    ("always_never", "You never let anyone down, do you?"),
    ("always_never", "You never let me down, do you?"),
    ("always_never", "you never forget to call your mum, do you"),
    ("always_never", "You never miss a match, do you?"),
    ("always_never", "you never make me feel stupid, right?"),
    ("always_never", "oh you always know what I need, don't you"),
    ("always_never", "You always remember how I take my tea, don't you, but never my birthday"),
    ("always_never", "You always leave me the washing up. I'm so lucky."),
    ("always_never", "You never come to her recitals. She's so lucky."),
    ("always_never", "you always ignore me, you're obsessed with your phone"),
    ("guilt", "I gave up my job for you. Best decision I ever made."),
    ("guilt", "Don't worry about me, I've got a whole evening of crying planned"),
    ("guilt", "Don't worry about me, I'm having a lovely time sitting here alone"),
    ("contempt", "Must be nice being the dog in this house, at least someone gets your attention."),
    ("contempt", "Must be nice to swan off to Ibiza without me. Send pics."),
    ("judges", "my friends think you're so brave for showing your face"),
    ("judges", "My friends say I should find someone who makes me laugh"),
    ("judges", "My sister says you're the most patient man, clearly she's never lived with you"),
])
def test_the_exceptions_open_no_hole_for_sarcasm(kind, text):
    assert kind in found(text)


def test_the_near_misses_from_the_issue_have_no_finding_at_all():
    for text in ["sorry, but I'm running late!", "answer me this: pizza or thai?",
                 "you never fail to make me laugh", "I always love our Sunday walks",
                 "Sorry, but I've got to dash, the bus is here!",
                 "You're always welcome at my parents' place."]:
        assert found(text) == set(), text


# -- quotation marks: someone else's words being reported ---------------------------------


@pytest.mark.parametrize("text", [
    'My boss literally said "answer me now" in the meeting, so rude',
    'he said \u201cyou never listen\u201d to his boss, can you believe it',
    'The sign said \u201eanswer me\u201c in big letters',
    'The film is called \u00abIt\'s all your fault\u00bb, apparently',
    '"Answer me honestly" is what the quiz host kept saying',
])
def test_a_phrase_inside_quotation_marks_is_reported_speech(text):
    assert found(text) == set()


def test_only_the_quoted_words_are_set_aside():
    text = 'You said "I\'ll be home by 8" and you never keep your word.'
    assert marked(text, "always_never") == ["you never"]
    text = 'He said "answer me now" and you still won\'t answer me.'
    (finding,) = [f for f in analyze(text, AFTERNOON, RULES, learned=False)
                  if f.kind == "pressure"]
    assert finding.start == text.rindex("answer me")


def test_a_phrase_partly_outside_the_quotes_still_counts():
    assert "apology_excuse" in found('"I\'m sorry", but you pushed me to it')
    assert "contempt" in found('yeah ok "busy" \U0001f644')


def test_a_message_wholly_in_quotes_is_the_message():
    assert "pressure" in found('"Answer me now."')
    assert "pressure" in found('  "Answer me now."\n')


def test_quotes_pair_within_a_line():
    # an unclosed quote on one line doesn't swallow the next line
    text = 'He said "be quiet\nanswer me now" was what I heard'
    assert "pressure" in found(text)


def test_an_unclosed_quote_is_not_a_quotation():
    assert "pressure" in found('answer me now" he said')
    assert "pressure" in found('\u201canswer me now')


# -- where a sentence ends, for the exceptions -----------------------------------------


def test_emoji_after_a_sentence_belong_to_it():
    assert "reassurance" not in found("Do you hate me? \U0001f602")
    assert "reassurance" in found("Do you hate me? Be honest. I mean it \U0001f602")


def test_good_news_in_capitals_is_not_shouting():
    assert "shouting" not in found("WE WON. WE ACTUALLY WON 🎉")
    assert "shouting" not in found("FOUND IT\nit was in the ski jacket")
    assert "shouting" in found("WE LOST THE DEPOSIT AGAIN")


def test_a_bare_question_mark_is_pressure_only_as_the_whole_message():
    assert "pressure" in found("?")
    assert "pressure" in found("well?")
    assert "pressure" not in found("Well? That went better than I thought!")


def test_a_question_is_read_with_the_sentence_after_it():
    assert "pressure" not in found("Where are you? We're by the bar.")
    assert "pressure" in found("Where are you? Who are you with? I'm at the bar.")
    assert "pressure" not in found("Where are you?\n\nWe're by the bar.")


@pytest.mark.parametrize("text", [
    "You always stay up late for our calls. I'm grateful.",
    "Wow. I can't believe you got my whole family in one room. Thank you.",
    "You always make sure there's something I can eat 🙂 Your dad's skewers were amazing.",
    "you always do\nthank you",
    "You always remember how I take my tea. It makes my day!",
    # from the last turn on: what comes after "but" is what's meant
    "you always remember how I take my tea. small thing but it makes my day",
    "you always steal the blanket. annoying but I love it",
])
def test_a_plain_statement_after_is_read_with_the_one_before(text):
    assert found(text) == set()


@pytest.mark.parametrize("text", [
    # the next sentence is a question, or turns: the exception doesn't reach
    "Sure. You're always right. Happy now?",
    "You never listen. I love you, but I'm tired.",
    "You never listen. I love you though.",
    "You always forget. I still smile at you.",
    "You always forget. I love you anyway.",
    "You never call. I love you, yet here we are.",
    "You never appreciate anything. I really appreciate that you noticed, finally.",
    # one sentence on, no further
    "You always forget. I notice. I'm grateful anyway.",
    # sarcastic thanks are not thanks
    "Because of you we missed it. Thank you very much.",
    "You never help. Thanks a lot.",
    "You always do this. Thanks for nothing.",
])
def test_a_question_or_a_turn_after_a_statement_does_not_cancel_it(text):
    assert {"always_never", "blame"} & found(text), text


def test_a_hundred_thousand_characters_of_quotes_are_handled():
    text = '"answer me now" ' * 6250
    assert len(text) == 100_000
    assert "pressure" not in found(text)
    text = ('\u201c' + "answer me now " * 8000)[:100_000]
    assert "pressure" in found(text)


# -- the exceptions are one word-bounded alternation (fast), with the same meaning -------


@pytest.mark.parametrize("text", [
    "You always make me smile.", "you always smiled at strangers", "so unhappy lately",
    "I'm so proud of you", "thanks a lot", "THANK YOU", "lol", "lolol", "solo trip",
    "hahaha fine", "aha.", "jk", "jkl", "you're the calm one", "calming down",
    "it's not your fault", "not yours", "🍕", "pizza🍕lol", "", "best friend", "the best",
])
def test_an_unless_phrase_matches_only_as_whole_words(text):
    for kind in RULES.kinds:
        if kind.unless_matcher is None:
            continue
        one_by_one = any(
            re.search(rf"(?<!\w)(?:{phrase_to_regex(p, RULES.aliases)})(?!\w)", text,
                      re.IGNORECASE)
            for p in kind.unless)
        assert (kind.unless_matcher.search(text) is not None) == one_by_one, (kind.id, text)
