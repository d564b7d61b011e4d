#!/usr/bin/env python3
"""Writes labelled.jsonl from the hand-written answers below (python3 build.py).

Every response and every slot label is written by hand here; the script only fills candidate sets
(seeded), computes each slot's outcome and each answer's status by the rules in ../README.md, and
checks that every slot text occurs in its response, in order.
"""
import csv
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
BOOKS = {int(r["book_id"]): r for r in csv.DictReader(open(os.path.join(HERE, "books.csv"), encoding="utf-8"))}
SAME_TITLE = [{26, 27}, {22, 23}, {24, 25}, {28, 29}]
AMB = "ambiguous"
rng = random.Random(19)
answers = []


def siblings(i):
    for g in SAME_TITLE:
        if i in g:
            return g - {i}
    return set()


def A(id, style, response, slots, cands=None, hist=(), rel=None, fmt="list", k=None, status=None):
    """slots: (text, item) with item a book_id, None (hallucinated) or (AMB, lower id)."""
    items = [s[1][1] if isinstance(s[1], tuple) else s[1] for s in slots]
    hist = list(hist)
    if rel is None:
        rel = [next((i for i in items if i is not None and i not in hist), 41)]
    candidates = []
    if cands is not None:
        candidates = list(cands)
        for r in rel:
            if r not in candidates:
                candidates.insert(rng.randrange(len(candidates) + 1), r)
        blocked = set(hist) | set(candidates) | {i for i in items if i is not None}
        for i in list(blocked):
            if i not in candidates:
                blocked |= siblings(i)
        for c in list(candidates):
            blocked |= siblings(c)
        pool = [b for b in BOOKS if b not in blocked]
        rng.shuffle(pool)
        while len(candidates) < (len(cands) if fmt == "choice" else 15) and pool:
            candidates.insert(rng.randrange(len(candidates) + 1), pool.pop())
    out, earlier, pos = [], set(), 0
    for text, item in slots:
        at = response.find(text, pos)
        assert at >= 0, (id, text)
        pos = at + len(text)
        amb = isinstance(item, tuple)
        i = item[1] if amb else item
        assert i is None or i in BOOKS, (id, i)
        if i is None:
            o = "HALLUCINATED"
        elif i in earlier:
            o = "DUPLICATE"
        elif i in hist:
            o = "SEEN"
        elif i in rel:
            o = "HIT"
        elif candidates and i not in candidates:
            o = "OUT_OF_CANDIDATES"
        else:
            o = "VALID"
        if i is not None:
            earlier.add(i)
        s = {"text": text, "item": None if i is None else str(i), "outcome": o}
        if amb:
            s["ambiguous"] = True
        out.append(s)
    k = len(slots) if k is None else k
    if status is None:
        status = "OK" if len(slots) == k else "WRONG_LENGTH"
    answers.append({"id": id, "style": style, "format": fmt, "history": [str(h) for h in hist],
                    "candidates": [str(c) for c in candidates], "relevant": [str(r) for r in rel], "k": k,
                    "response": response, "expected": {"status": status, "slots": out}})


# ----- Title by Author ------------------------------------------------------------------------
A("by01", "by-author", """Based on your love of psychological thrillers, here are some picks:

1. Gone Girl by Gillian Flynn - a twisty portrait of a marriage gone wrong.
2. The Girl on the Train by Paula Hawkins - an unreliable narrator on a daily commute.
3. The Silent Patient by Alex Michaelides - a therapist obsessed with a silent patient.
4. Sharp Objects by Gillian Flynn - a reporter returns to her dark hometown.
5. Rebecca by Daphne du Maurier - the gothic classic that started it all.""",
  [("Gone Girl by Gillian Flynn", 32), ("The Girl on the Train by Paula Hawkins", 35),
   ("The Silent Patient by Alex Michaelides", 36), ("Sharp Objects by Gillian Flynn", 33),
   ("Rebecca by Daphne du Maurier", 73)], hist=[34])
A("by02", "by-author", """1. **Invisible** by Paul Auster
2. **The Road** by Cormac McCarthy
3. **Blindness** by José Saramago
4. **Never Let Me Go** by Kazuo Ishiguro""",
  [("Invisible", 26), ("The Road", 28), ("Blindness", 67), ("Never Let Me Go", 70)], hist=[71])
A("by03", "by-author", """Here are 4 books you might enjoy:
1. "Inferno" by Dan Brown
2. "The Da Vinci Code" by Dan Brown
3. "The Name of the Rose" by Umberto Eco
4. "The Shadow of the Wind" by Carlos Ruiz Zafón""",
  [("Inferno", 22), ("The Da Vinci Code", 20), ("The Name of the Rose", 66), ("The Shadow of the Wind", 65)], hist=[21])
A("by04", "by-author", """1. Inferno by Dante Alighieri (a classic journey through the nine circles)
2. The Little Prince by Antoine de Saint-Exupéry
3. One Hundred Years of Solitude by Gabriel García Márquez
4. Crime and Punishment by Fyodor Dostoevsky""",
  [("Inferno by Dante Alighieri", 23), ("The Little Prince by Antoine de Saint-Exupéry", 62),
   ("One Hundred Years of Solitude by Gabriel García Márquez", 63), ("Crime and Punishment by Fyodor Dostoevsky", 111)])
A("by05", "by-author", """- The Road by Jack London: his memoir of riding the rails as a hobo
- Of Mice and Men by John Steinbeck: a short, devastating friendship story
- The Grapes of Wrath by John Steinbeck: the Dust Bowl epic""",
  [("The Road by Jack London", 29), ("Of Mice and Men by John Steinbeck", 53), ("The Grapes of Wrath by John Steinbeck", 54)], hist=[55])
A("by06", "by-author", """1. Origin by Jennifer L. Armentrout
2. Twilight by Stephenie Meyer
3. Divergent by Veronica Roth""",
  [("Origin by Jennifer L. Armentrout", 25), ("Twilight by Stephenie Meyer", 9), ("Divergent by Veronica Roth", 8)], hist=[94])
A("by07", "by-author", """1. Origin by Dan Brown
2. Angels & Demons by Dan Brown
3. Inferno by Dan Brown""",
  [("Origin by Dan Brown", 24), ("Angels & Demons by Dan Brown", 21), ("Inferno by Dan Brown", 22)], hist=[20])
A("by08", "by-author", """My recommendations:
1. The Hobbit by J.R.R. Tolkien
2. A Wizard of Earthsea by Ursula K. Le Guin
3. The Name of the Wind by Patrick Rothfuss
4. The Color of Magic by Terry Pratchett
5. American Gods by Neil Gaiman""",
  [("The Hobbit by J.R.R. Tolkien", 13), ("A Wizard of Earthsea by Ursula K. Le Guin", 80),
   ("The Name of the Wind by Patrick Rothfuss", 17), ("The Color of Magic by Terry Pratchett", 79),
   ("American Gods by Neil Gaiman", 78)], hist=[10, 11])
A("by09", "by-author", """1. Good Omens by Terry Pratchett and Neil Gaiman
2. The Hitchhiker's Guide to the Galaxy by Douglas Adams
3. Slaughterhouse-Five by Kurt Vonnegut""",
  [("Good Omens by Terry Pratchett and Neil Gaiman", 77), ("The Hitchhiker's Guide to the Galaxy by Douglas Adams", 19),
   ("Slaughterhouse-Five by Kurt Vonnegut", 76)])
A("by10", "by-author", """1. Invisible by James Patterson
2. The Da Vinci Code by Dan Brown
3. Gone Girl by Gillian Flynn""",
  [("Invisible by James Patterson", 27), ("The Da Vinci Code by Dan Brown", 20), ("Gone Girl by Gillian Flynn", 32)],
  cands=[27, 20, 32])
A("by11", "by-author", """1. Invisible by Paul Auster
2. The Remains of the Day by Kazuo Ishiguro
3. Atonement by Ian McEwan""",
  [("Invisible by Paul Auster", 26), ("The Remains of the Day by Kazuo Ishiguro", 71), ("Atonement by Ian McEwan", 72)],
  cands=[27, 71, 72])
A("by12", "by-author", """1. The Road by Cormac McCarthy - bleak but beautiful
2. The Stand by Stephen King - the apocalypse, King style
3. Station Eleven by Emily St. John Mandel - a travelling theatre after a pandemic""",
  [("The Road by Cormac McCarthy", 28), ("The Stand by Stephen King", 84), ("Station Eleven by Emily St. John Mandel", None)])
A("by13", "by-author", """1. Pride and Prejudice by Jane Austen
2. Persuasion by Jane Austen
3. Jane Eyre by Charlotte Bronte
4. Wuthering Heights by Emily Bronte
5. Little Women by Louisa May Alcott""",
  [("Pride and Prejudice by Jane Austen", 43), ("Persuasion by Jane Austen", 45), ("Jane Eyre by Charlotte Bronte", 46),
   ("Wuthering Heights by Emily Bronte", 47), ("Little Women by Louisa May Alcott", 56)], hist=[44])
A("by14", "by-author", """1. Emma by Jane Austen
2. Frankenstein by Mary Shelley
3. Dracula by Bram Stoker""",
  [("Emma by Jane Austen", 44), ("Frankenstein by Mary Shelley", 109), ("Dracula by Bram Stoker", 110)], cands=[44, 109, 110])
A("by15", "by-author", """1. The Martian, by Andy Weir
2. Ready Player One, by Ernest Cline
3. Ender's Game, by Orson Scott Card
4. Dune, by Frank Herbert""",
  [("The Martian, by Andy Weir", 85), ("Ready Player One, by Ernest Cline", 86), ("Ender's Game, by Orson Scott Card", 18),
   ("Dune, by Frank Herbert", 16)])

# ----- Title - Author (en dash, em dash, hyphen) -----------------------------------------------
A("da01", "dash-author", """1. Gone Girl \u2014 Gillian Flynn
2. Dark Places \u2014 Gillian Flynn
3. The Girl on the Train \u2014 Paula Hawkins""",
  [("Gone Girl \u2014 Gillian Flynn", 32), ("Dark Places \u2014 Gillian Flynn", 34), ("The Girl on the Train \u2014 Paula Hawkins", 35)],
  cands=[32, 34, 35, 33])
A("da02", "dash-author", """1. On Mystic Lake \u2013 Kristin Hannah
2. The Nightingale \u2013 Kristin Hannah
3. Firefly Lane \u2013 Kristin Hannah
4. The Great Alone \u2013 Kristin Hannah""",
  [("On Mystic Lake \u2013 Kristin Hannah", 37), ("The Nightingale \u2013 Kristin Hannah", 38),
   ("Firefly Lane \u2013 Kristin Hannah", 39), ("The Great Alone \u2013 Kristin Hannah", 40)])
A("da03", "dash-author", """Here you go:
- The Kite Runner - Khaled Hosseini
- A Thousand Splendid Suns - Khaled Hosseini
- The Book Thief - Markus Zusak
- Life of Pi - Yann Martel""",
  [("The Kite Runner - Khaled Hosseini", 57), ("A Thousand Splendid Suns - Khaled Hosseini", 58),
   ("The Book Thief - Markus Zusak", 59), ("Life of Pi - Yann Martel", 60)], cands=[57, 58, 59, 60])
A("da04", "dash-author", """1. Invisible \u2014 Paul Auster
2. The Road \u2014 Jack London
3. Inferno \u2014 Dante Alighieri""",
  [("Invisible \u2014 Paul Auster", 26), ("The Road \u2014 Jack London", 29), ("Inferno \u2014 Dante Alighieri", 23)])
A("da05", "dash-author", """1. The Handmaid's Tale - Margaret Atwood - a chilling theocratic dystopia
2. Brave New World - Aldous Huxley - pleasure as control
3. Fahrenheit 451 - Ray Bradbury - books burned by law
4. 1984 - George Orwell - the original surveillance state""",
  [("The Handmaid's Tale - Margaret Atwood", 69), ("Brave New World - Aldous Huxley", 51),
   ("Fahrenheit 451 - Ray Bradbury", 52), ("1984 - George Orwell", 50)], hist=[49])
A("da06", "dash-author", """1. Misery \u2013 Stephen King
2. It \u2013 Stephen King
3. The Shining \u2013 Stephen King""",
  [("Misery \u2013 Stephen King", 83), ("It \u2013 Stephen King", 82), ("The Shining \u2013 Stephen King", 81)], hist=[84])
A("da07", "dash-author", """1. Origin \u2014 Dan Brown
2. Inferno \u2014 Dan Brown
3. Angels & Demons \u2014 Dan Brown""",
  [("Origin \u2014 Dan Brown", 24), ("Inferno \u2014 Dan Brown", 22), ("Angels & Demons \u2014 Dan Brown", 21)], cands=[24, 22, 21, 25, 23])
A("da08", "dash-author", """1. Wonder - R.J. Palacio
2. Room - Emma Donoghue
3. The Giver - Lois Lowry
4. The Help - Kathryn Stockett""",
  [("Wonder - R.J. Palacio", 87), ("Room - Emma Donoghue", 88), ("The Giver - Lois Lowry", 89), ("The Help - Kathryn Stockett", 90)])
A("da09", "dash-author", """1. Me Before You \u2014 Jojo Moyes
2. The Notebook \u2014 Nicholas Sparks
3. The Time Traveler's Wife \u2014 Audrey Niffenegger
4. The Fault in Our Stars \u2014 John Green""",
  [("Me Before You \u2014 Jojo Moyes", 92), ("The Notebook \u2014 Nicholas Sparks", 93),
   ("The Time Traveler's Wife \u2014 Audrey Niffenegger", 91), ("The Fault in Our Stars \u2014 John Green", 94)], cands=[92, 93, 91, 94])
A("da10", "dash-author", """1. Beloved - Toni Morrison
2. The Color Purple - Alice Walker
3. To Kill a Mockingbird - Harper Lee
4. Go Set a Watchman - Harper Lee""",
  [("Beloved - Toni Morrison", 74), ("The Color Purple - Alice Walker", 75), ("To Kill a Mockingbird - Harper Lee", 41),
   ("Go Set a Watchman - Harper Lee", None)])
A("da11", "dash-author", """- Murder on the Orient Express \u2013 Agatha Christie
- And Then There Were None \u2013 Agatha Christie
- The Murder of Roger Ackroyd \u2013 Agatha Christie""",
  [("Murder on the Orient Express \u2013 Agatha Christie", 107), ("And Then There Were None \u2013 Agatha Christie", 108),
   ("The Murder of Roger Ackroyd \u2013 Agatha Christie", None)])
A("da12", "dash-author", """1. Anna Karenina - Leo Tolstoy
2. Crime and Punishment - Fyodor Dostoyevsky
3. War and Peace - Leo Tolstoy""",
  [("Anna Karenina - Leo Tolstoy", 112), ("Crime and Punishment - Fyodor Dostoyevsky", 111), ("War and Peace - Leo Tolstoy", None)],
  cands=[112, 111])
A("da13", "dash-author", """1. The Martian \u2014 Andy Weir
2. Project Hail Mary \u2014 Andy Weir
3. Ready Player One \u2014 Ernest Cline""",
  [("The Martian \u2014 Andy Weir", 85), ("Project Hail Mary \u2014 Andy Weir", None), ("Ready Player One \u2014 Ernest Cline", 86)])
A("da14", "dash-author", """1. Educated - Tara Westover
2. Born a Crime - Trevor Noah
3. Steve Jobs - Walter Isaacson""",
  [("Educated - Tara Westover", 103), ("Born a Crime - Trevor Noah", 102), ("Steve Jobs - Walter Isaacson", 106)], cands=[103, 102, 106])
A("da15", "dash-author", """1. Gone Girl \u2014 Gillian Flynn
2. The Girl with the Dragon Tattoo \u2014 Stieg Larsson
3. The Girl Who Played with Fire \u2014 Stieg Larsson""",
  [("Gone Girl \u2014 Gillian Flynn", 32), ("The Girl with the Dragon Tattoo \u2014 Stieg Larsson", 30),
   ("The Girl Who Played with Fire \u2014 Stieg Larsson", 31)])

# ----- Title: Author, and real subtitles after a colon -----------------------------------------
A("co01", "colon-author", """1. Gone Girl: Gillian Flynn
2. Sharp Objects: Gillian Flynn
3. The Silent Patient: Alex Michaelides""",
  [("Gone Girl: Gillian Flynn", 32), ("Sharp Objects: Gillian Flynn", 33), ("The Silent Patient: Alex Michaelides", 36)])
A("co02", "colon-author", """1. Sapiens: A Brief History of Humankind
2. Outliers: The Story of Success
3. Quiet: The Power of Introverts in a World That Can't Stop Talking""",
  [("Sapiens: A Brief History of Humankind", 96), ("Outliers: The Story of Success", 98),
   ("Quiet: The Power of Introverts in a World That Can't Stop Talking", 97)])
A("co03", "colon-author", """1. Invisible: Paul Auster
2. Origin: Jennifer L. Armentrout
3. The Road: Cormac McCarthy""",
  [("Invisible: Paul Auster", 26), ("Origin: Jennifer L. Armentrout", 25), ("The Road: Cormac McCarthy", 28)])
A("co04", "colon-author", """1. Perfume: The Story of a Murderer
2. Into Thin Air: A Personal Account of the Mount Everest Disaster
3. Blink: The Power of Thinking Without Thinking
4. Freakonomics: A Rogue Economist Explores the Hidden Side of Everything""",
  [("Perfume: The Story of a Murderer", 68), ("Into Thin Air: A Personal Account of the Mount Everest Disaster", 100),
   ("Blink: The Power of Thinking Without Thinking", 99), ("Freakonomics: A Rogue Economist Explores the Hidden Side of Everything", 104)])
A("co05", "colon-author", """1. Unbroken: Laura Hillenbrand
2. Steve Jobs: Walter Isaacson
3. Thinking, Fast and Slow: Daniel Kahneman""",
  [("Unbroken: Laura Hillenbrand", 101), ("Steve Jobs: Walter Isaacson", 106), ("Thinking, Fast and Slow: Daniel Kahneman", 105)],
  cands=[101, 106, 105])
A("co06", "colon-author", """1. Sapiens: A Graphic History
2. Outliers: The Story of Success
3. Homo Deus: A Brief History of Tomorrow""",
  [("Sapiens: A Graphic History", None), ("Outliers: The Story of Success", 98), ("Homo Deus: A Brief History of Tomorrow", None)])
A("co07", "colon-author", """1. Good Omens: The Nice and Accurate Prophecies of Agnes Nutter, Witch
2. The Color of Magic: Terry Pratchett
3. American Gods: Neil Gaiman""",
  [("Good Omens: The Nice and Accurate Prophecies of Agnes Nutter, Witch", 77), ("The Color of Magic: Terry Pratchett", 79),
   ("American Gods: Neil Gaiman", 78)])
A("co08", "colon-author", """1. Dune: Frank Herbert
2. Dune: Messiah
3. Ender's Game: Orson Scott Card""",
  [("Dune: Frank Herbert", 16), ("Dune: Messiah", None), ("Ender's Game: Orson Scott Card", 18)])
A("co09", "colon-author", """- Animal Farm: A Fairy Story
- 1984: George Orwell
- Brave New World: Aldous Huxley""",
  [("Animal Farm: A Fairy Story", 49), ("1984: George Orwell", 50), ("Brave New World: Aldous Huxley", 51)])
A("co10", "colon-author", """1. Born a Crime: Stories From a South African Childhood
2. Educated: Tara Westover
3. Hillbilly Elegy: A Memoir of a Family and Culture in Crisis""",
  [("Born a Crime: Stories From a South African Childhood", 102), ("Educated: Tara Westover", 103),
   ("Hillbilly Elegy: A Memoir of a Family and Culture in Crisis", None)])

# ----- Author - Title ---------------------------------------------------------------------------
A("af01", "author-first", """1. Suzanne Collins - The Hunger Games
2. Veronica Roth - Divergent
3. Lois Lowry - The Giver""",
  [("Suzanne Collins - The Hunger Games", 5), ("Veronica Roth - Divergent", 8), ("Lois Lowry - The Giver", 89)])
A("af02", "author-first", """1. Suzanne Collins \u2013 Catching Fire
2. Suzanne Collins \u2013 Mockingjay
3. Stephenie Meyer \u2013 Twilight""",
  [("Suzanne Collins \u2013 Catching Fire", 6), ("Suzanne Collins \u2013 Mockingjay", 7), ("Stephenie Meyer \u2013 Twilight", 9)],
  hist=[5], cands=[6, 7, 9])
A("af03", "author-first", """- Paul Auster - Invisible
- James Patterson - Invisible
- Cormac McCarthy - The Road""",
  [("Paul Auster - Invisible", 26), ("James Patterson - Invisible", 27), ("Cormac McCarthy - The Road", 28)])
A("af04", "author-first", """1. Kazuo Ishiguro - Never Let Me Go
2. Ian McEwan - Atonement
3. Kazuo Ishiguro - Klara and the Sun""",
  [("Kazuo Ishiguro - Never Let Me Go", 70), ("Ian McEwan - Atonement", 72), ("Kazuo Ishiguro - Klara and the Sun", None)])
A("af05", "author-first", """1. Dan Brown \u2014 Origin
2. Jennifer L. Armentrout \u2014 Origin
3. Dante Alighieri \u2014 Inferno""",
  [("Dan Brown \u2014 Origin", 24), ("Jennifer L. Armentrout \u2014 Origin", 25), ("Dante Alighieri \u2014 Inferno", 23)])
A("af06", "author-first", """1. J.K. Rowling - Harry Potter and the Prisoner of Azkaban
2. J.R.R. Tolkien - The Two Towers
3. George R.R. Martin - A Clash of Kings""",
  [("J.K. Rowling - Harry Potter and the Prisoner of Azkaban", 3), ("J.R.R. Tolkien - The Two Towers", 11),
   ("George R.R. Martin - A Clash of Kings", 15)], hist=[2, 10, 14])
A("af07", "author-first", """1. Margaret Atwood - The Handmaid's Tale
2. Margaret Atwood - The Testaments
3. George Orwell - Animal Farm""",
  [("Margaret Atwood - The Handmaid's Tale", 69), ("Margaret Atwood - The Testaments", None), ("George Orwell - Animal Farm", 49)],
  cands=[69, 49])
A("af08", "author-first", """1. John Green - Looking for Alaska
2. John Green - Paper Towns
3. John Green - The Fault in Our Stars""",
  [("John Green - Looking for Alaska", 95), ("John Green - Paper Towns", None), ("John Green - The Fault in Our Stars", 94)], hist=[94])
A("af09", "author-first", """1. Malcolm Gladwell \u2013 Outliers
2. Malcolm Gladwell \u2013 Blink
3. Susan Cain \u2013 Quiet""",
  [("Malcolm Gladwell \u2013 Outliers", 98), ("Malcolm Gladwell \u2013 Blink", 99), ("Susan Cain \u2013 Quiet", 97)])
A("af10", "author-first", """1. Stephen King - It
2. Stephen King - Doctor Sleep
3. Bram Stoker - Dracula""",
  [("Stephen King - It", 82), ("Stephen King - Doctor Sleep", None), ("Bram Stoker - Dracula", 110)], cands=[82, 110])

# ----- same title, several books ----------------------------------------------------------------
A("st01", "same-title", """1. Invisible
2. The Road
3. Inferno""",
  [("Invisible", (AMB, 26)), ("The Road", (AMB, 28)), ("Inferno", (AMB, 22))])
A("st02", "same-title", """1. Invisible (2014)
2. The Road (2006)
3. Origin (2017)""",
  [("Invisible (2014)", 27), ("The Road (2006)", 28), ("Origin (2017)", 24)])
A("st03", "same-title", """1. Invisible
2. Origin
3. Gone Girl""",
  [("Invisible", 26), ("Origin", 25), ("Gone Girl", 32)], cands=[26, 25, 32])
A("st04", "same-title", """1. Invisible by Stephen King
2. The Road by Jack Kerouac
3. Gone Girl by Gillian Flynn""",
  [("Invisible by Stephen King", None), ("The Road by Jack Kerouac", None), ("Gone Girl by Gillian Flynn", 32)])
A("st05", "same-title", """1. Inferno by Dan Brown
2. Inferno by Dante Alighieri""",
  [("Inferno by Dan Brown", 22), ("Inferno by Dante Alighieri", 23)])
A("st06", "same-title", """1. Origin - Dan Brown
2. The Da Vinci Code - Dan Brown
3. Inferno - Dan Brown""",
  [("Origin - Dan Brown", 24), ("The Da Vinci Code - Dan Brown", 20), ("Inferno - Dan Brown", 22)], cands=[25, 20, 23])
A("st07", "same-title", """1. Invisible by Paul Auster
2. Invisible by James Patterson""",
  [("Invisible by Paul Auster", 26), ("Invisible by James Patterson", 27)], cands=[26, 27])
A("st08", "same-title", """1. The Road (Cormac McCarthy)
2. Invisible (James Patterson)
3. Origin (Dan Brown)""",
  [("The Road (Cormac McCarthy)", 28), ("Invisible (James Patterson)", 27), ("Origin (Dan Brown)", 24)])
A("st09", "same-title", """1. Invisible by Ralph Ellison
2. Origin by Jessica Khoury
3. The Road by Cormac McCarthy""",
  [("Invisible by Ralph Ellison", None), ("Origin by Jessica Khoury", None), ("The Road by Cormac McCarthy", 28)])
A("st10", "same-title", """1. Inferno (1320)
2. Origin (2013)
3. The Road (1907)""",
  [("Inferno (1320)", 23), ("Origin (2013)", 25), ("The Road (1907)", 29)])
A("st11", "same-title", """- Invisible by Patterson
- Inferno by Dante
- Origin by Armentrout""",
  [("Invisible by Patterson", 27), ("Inferno by Dante", 23), ("Origin by Armentrout", 25)])
A("st12", "same-title", """1. Inferno
2. The Road
3. Atonement""",
  [("Inferno", 23), ("The Road", 29), ("Atonement", 72)], cands=[23, 29, 72])
A("st13", "same-title", """1. Origin \u2014 Dan Brown
2. Invisible \u2014 James Patterson
3. The Road \u2014 Cormac McCarthy""",
  [("Origin \u2014 Dan Brown", 24), ("Invisible \u2014 James Patterson", 27), ("The Road \u2014 Cormac McCarthy", 28)], cands=[25, 26, 29])
A("st14", "same-title", """1. Invisible by Paul Auster
2. 4 3 2 1 by Paul Auster
3. The New York Trilogy by Paul Auster""",
  [("Invisible by Paul Auster", 26), ("4 3 2 1 by Paul Auster", None), ("The New York Trilogy by Paul Auster", None)])
A("st15", "same-title", """1. **Invisible** by James Patterson and David Ellis
2. **Origin** by Dan Brown
3. **Inferno** by Dan Brown""",
  [("Invisible", 27), ("Origin", 24), ("Inferno", 22)], hist=[20])

# ----- alternative titles: original titles, series names ------------------------------------------
A("alt01", "alt-titles", """1. Harry Potter and the Philosopher's Stone
2. Nineteen Eighty-Four
3. The Hobbit, or There and Back Again""",
  [("Harry Potter and the Philosopher's Stone", 1), ("Nineteen Eighty-Four", 50), ("The Hobbit, or There and Back Again", 13)])
A("alt02", "alt-titles", """1. Harry Potter and the Philosopher's Stone by J.K. Rowling
2. Nineteen Eighty-Four by George Orwell
3. The Colour of Magic by Terry Pratchett""",
  [("Harry Potter and the Philosopher's Stone by J.K. Rowling", 1), ("Nineteen Eighty-Four by George Orwell", 50),
   ("The Colour of Magic by Terry Pratchett", 79)], cands=[1, 50, 79])
A("alt03", "alt-titles", """1. The Hunger Games (The Hunger Games, #1)
2. Catching Fire (The Hunger Games, #2)
3. Mockingjay (The Hunger Games, #3)""",
  [("The Hunger Games (The Hunger Games, #1)", 5), ("Catching Fire (The Hunger Games, #2)", 6), ("Mockingjay (The Hunger Games, #3)", 7)])
A("alt04", "alt-titles", """1. The Hunger Games, Book 2
2. Harry Potter #3
3. The Lord of the Rings, Book 1""",
  [("The Hunger Games, Book 2", 6), ("Harry Potter #3", 3), ("The Lord of the Rings, Book 1", 10)], hist=[5])
A("alt05", "alt-titles", """1. Cien años de soledad - Gabriel García Márquez
2. Le Petit Prince - Antoine de Saint-Exupéry
3. La sombra del viento - Carlos Ruiz Zafón""",
  [("Cien años de soledad - Gabriel García Márquez", 63), ("Le Petit Prince - Antoine de Saint-Exupéry", 62),
   ("La sombra del viento - Carlos Ruiz Zafón", 65)])
A("alt06", "alt-titles", """1. Il nome della rosa
2. O Alquimista
3. Män som hatar kvinnor""",
  [("Il nome della rosa", 66), ("O Alquimista", 61), ("Män som hatar kvinnor", 30)], cands=[66, 61, 30])
A("alt07", "alt-titles", """1. Harry Potter and the Sorcerer's Stone (Harry Potter #1)
2. Harry Potter and the Chamber of Secrets (Harry Potter #2)
3. Harry Potter and the Goblet of Fire (Harry Potter #4)""",
  [("Harry Potter and the Sorcerer's Stone (Harry Potter #1)", 1), ("Harry Potter and the Chamber of Secrets (Harry Potter #2)", 2),
   ("Harry Potter and the Goblet of Fire (Harry Potter #4)", None)])
A("alt08", "alt-titles", """1. A Game of Thrones (A Song of Ice and Fire #1)
2. A Clash of Kings (Book 2)
3. A Storm of Swords (A Song of Ice and Fire #3)""",
  [("A Game of Thrones (A Song of Ice and Fire #1)", 14), ("A Clash of Kings (Book 2)", 15),
   ("A Storm of Swords (A Song of Ice and Fire #3)", None)])
A("alt09", "alt-titles", """1. The Girl with the Dragon Tattoo (Millennium #1)
2. The Girl Who Played with Fire (Millennium #2)
3. The Girl Who Kicked the Hornet's Nest (Millennium #3)""",
  [("The Girl with the Dragon Tattoo (Millennium #1)", 30), ("The Girl Who Played with Fire (Millennium #2)", 31),
   ("The Girl Who Kicked the Hornet's Nest (Millennium #3)", None)], cands=[30, 31])
A("alt10", "alt-titles", """1. Slaughterhouse-Five, or The Children's Crusade
2. Frankenstein; or, The Modern Prometheus
3. Good Omens""",
  [("Slaughterhouse-Five, or The Children's Crusade", 76), ("Frankenstein; or, The Modern Prometheus", 109), ("Good Omens", 77)])
A("alt11", "alt-titles", """1. The Hunger Games - Catching Fire
2. The Hunger Games - Mockingjay
3. Divergent""",
  [("The Hunger Games - Catching Fire", 6), ("The Hunger Games - Mockingjay", 7), ("Divergent", 8)], hist=[5])
A("alt12", "alt-titles", """1. Harry Potter and the Philosopher's Stone (1997)
2. The Fellowship of the Ring (1954)
3. Dune (1965)""",
  [("Harry Potter and the Philosopher's Stone (1997)", 1), ("The Fellowship of the Ring (1954)", 10), ("Dune (1965)", 16)])
A("alt13", "alt-titles", """1. Ensaio sobre a Cegueira by José Saramago
2. Das Parfum by Patrick Süskind
3. Il nome della rosa by Umberto Eco""",
  [("Ensaio sobre a Cegueira by José Saramago", 67), ("Das Parfum by Patrick Süskind", 68), ("Il nome della rosa by Umberto Eco", 66)])
A("alt14", "alt-titles", """1. Dune (Dune Chronicles #1)
2. Ender's Game (Ender's Saga #1)
3. The Name of the Wind (Kingkiller Chronicle #1)
4. The Wise Man's Fear (Kingkiller Chronicle #2)""",
  [("Dune (Dune Chronicles #1)", 16), ("Ender's Game (Ender's Saga #1)", 18), ("The Name of the Wind (Kingkiller Chronicle #1)", 17),
   ("The Wise Man's Fear (Kingkiller Chronicle #2)", None)])
A("alt15", "alt-titles", """1. Nineteen Eighty-Four
2. Animal Farm
3. Homage to Catalonia""",
  [("Nineteen Eighty-Four", 50), ("Animal Farm", 49), ("Homage to Catalonia", None)], cands=[50, 49])

# ----- titles without their subtitle --------------------------------------------------------------
A("sub01", "subtitle", """1. Sapiens
2. Quiet
3. Outliers
4. Blink""",
  [("Sapiens", 96), ("Quiet", 97), ("Outliers", 98), ("Blink", 99)], cands=[96, 97, 98, 99])
A("sub02", "subtitle", """1. Sapiens
2. Outliers
3. Educated""",
  [("Sapiens", 96), ("Outliers", 98), ("Educated", 103)])
A("sub03", "subtitle", """- Unbroken
- Into Thin Air
- Born a Crime""",
  [("Unbroken", 101), ("Into Thin Air", 100), ("Born a Crime", 102)], cands=[101, 100, 102])
A("sub04", "subtitle", """1. Freakonomics
2. Thinking, Fast and Slow
3. Perfume""",
  [("Freakonomics", 104), ("Thinking, Fast and Slow", 105), ("Perfume", 68)], cands=[104, 105, 68])
A("sub05", "subtitle", """1. Sapiens by Yuval Noah Harari
2. Quiet by Susan Cain
3. Blink by Malcolm Gladwell""",
  [("Sapiens by Yuval Noah Harari", 96), ("Quiet by Susan Cain", 97), ("Blink by Malcolm Gladwell", 99)])
A("sub06", "subtitle", """1. Into Thin Air
2. Born a Crime
3. Good Omens""",
  [("Into Thin Air", 100), ("Born a Crime", 102), ("Good Omens", 77)])
A("sub07", "subtitle", """1. Sapiens
2. Homo Deus
3. 21 Lessons for the 21st Century""",
  [("Sapiens", 96), ("Homo Deus", None), ("21 Lessons for the 21st Century", None)], cands=[96])
A("sub08", "subtitle", """1. Unbroken - Laura Hillenbrand
2. Seabiscuit - Laura Hillenbrand
3. Into Thin Air - Jon Krakauer""",
  [("Unbroken - Laura Hillenbrand", 101), ("Seabiscuit - Laura Hillenbrand", None), ("Into Thin Air - Jon Krakauer", 100)])
A("sub09", "subtitle", """1. Outliers
2. David and Goliath
3. Talking to Strangers""",
  [("Outliers", 98), ("David and Goliath", None), ("Talking to Strangers", None)], cands=[98, 99])
A("sub10", "subtitle", """1. Quiet
2. Blink
3. Freakonomics""",
  [("Quiet", 97), ("Blink", 99), ("Freakonomics", 104)])

# ----- quoted titles inside prose -------------------------------------------------------------------
A("pr01", "prose-quoted", """I recommend "Gone Girl" because you seem to enjoy unreliable narrators and dark marriages.""",
  [("Gone Girl", 32)], hist=[35])
A("pr02", "prose-quoted", """Since you loved "The Road", I think you would enjoy "Blindness" by José Saramago, and "Never Let Me Go" is also a quiet, haunting read.""",
  [("Blindness", 67), ("Never Let Me Go", 70)], hist=[28])
A("pr03", "prose-quoted", """You might enjoy *The Name of the Wind* by Patrick Rothfuss. It has the same sense of wonder as the books you rated highly, and *A Wizard of Earthsea* is a shorter classic in the same vein.""",
  [("The Name of the Wind", 17), ("A Wizard of Earthsea", 80)], hist=[13])
A("pr04", "prose-quoted", """Given your history, my top pick would be \u201cThe Nightingale\u201d by Kristin Hannah: a sweeping story of two sisters in occupied France.""",
  [("The Nightingale", 38)], hist=[37], cands=[38, 40])
A("pr05", "prose-quoted", """If you liked "Sapiens", try "Educated" by Tara Westover and "Born a Crime" by Trevor Noah next.""",
  [("Educated", 103), ("Born a Crime", 102)], hist=[96])
A("pr06", "prose-quoted", """I'd go with "Invisible" by Paul Auster. It is a layered, slippery novel about guilt and memory.""",
  [("Invisible", 26)])
A("pr07", "prose-quoted", """Honestly, "The Midnight Library of Lost Things" would be perfect for you, and so would "Life of Pi".""",
  [("The Midnight Library of Lost Things", None), ("Life of Pi", 60)])
A("pr08", "prose-quoted", """Based on what you have read, I recommend **Misery** by Stephen King. After that, **The Shining** is the natural next step.""",
  [("Misery", 83), ("The Shining", 81)], hist=[82], cands=[83, 81])
A("pr09", "prose-quoted", """For someone who enjoyed "Pride and Prejudice", "Persuasion" is Austen at her most mature, and "Jane Eyre" adds a gothic edge.""",
  [("Persuasion", 45), ("Jane Eyre", 46)], hist=[43])
A("pr10", "prose-quoted", """My suggestion is "Inferno" by Dante Alighieri \u2014 the first part of the Divine Comedy.""",
  [("Inferno", 23)])
A("pr11", "prose-quoted", """You should read "The Kite Runner". It's moving and beautifully written.""",
  [("The Kite Runner", 57)], cands=[57, 58])
A("pr12", "prose-quoted", """I think "Nineteen Eighty-Four" by George Orwell would suit you, and "Brave New World" pairs well with it.""",
  [("Nineteen Eighty-Four", 50), ("Brave New World", 51)])

# ----- plain titles ------------------------------------------------------------------------------------
A("pl01", "plain", """1. The Great Gatsby
2. To Kill a Mockingbird
3. The Catcher in the Rye
4. Of Mice and Men
5. East of Eden""",
  [("The Great Gatsby", 42), ("To Kill a Mockingbird", 41), ("The Catcher in the Rye", 48), ("Of Mice and Men", 53), ("East of Eden", 55)],
  hist=[54])
A("pl02", "plain", """- Harry Potter and the Deathly Hallows
- The Return of the King
- Mockingjay""",
  [("Harry Potter and the Deathly Hallows", 4), ("The Return of the King", 12), ("Mockingjay", 7)], hist=[3, 11, 6])
A("pl03", "plain", """Here are five picks:
1. The Help (2009)
2. Water for Elephants (2006)
3. The Time Traveler's Wife (2003)
4. The Lovely Bones (2002)
5. Memoirs of a Geisha (1997)""",
  [("The Help (2009)", 90), ("Water for Elephants (2006)", None), ("The Time Traveler's Wife (2003)", 91),
   ("The Lovely Bones (2002)", None), ("Memoirs of a Geisha (1997)", None)])
A("pl04", "plain", """1. Dracula
2. Frankenstein
3. Rebecca
4. Jane Eyre""",
  [("Dracula", 110), ("Frankenstein", 109), ("Rebecca", 73), ("Jane Eyre", 46)], cands=[110, 109, 73, 46])
A("pl05", "plain", """1. The Fault in Our Stars
2. Looking for Alaska
3. Wonder
4. The Fault in Our Stars""",
  [("The Fault in Our Stars", 94), ("Looking for Alaska", 95), ("Wonder", 87), ("The Fault in Our Stars", 94)])
A("pl06", "plain", """1. It
2. Misery
3. The Stand""",
  [("It", 82), ("Misery", 83), ("The Stand", 84)], cands=[82, 83, 84])
A("pl07", "plain", """1. Room
2. Beloved
3. Atonement
4. The Color Purple""",
  [("Room", 88), ("Beloved", 74), ("Atonement", 72), ("The Color Purple", 75)])
A("pl08", "plain", """1. The Hitchhiker's Guide to the Galaxy
2. The Martian
3. Ready Player One
4. Ender's Game""",
  [("The Hitchhiker's Guide to the Galaxy", 19), ("The Martian", 85), ("Ready Player One", 86), ("Ender's Game", 18)], cands=[19, 85, 86, 18])
A("pl09", "plain", """1. Anna Karenina
2. Crime and Punishment
3. Love in the Time of Cholera""",
  [("Anna Karenina", 112), ("Crime and Punishment", 111), ("Love in the Time of Cholera", 64)])
A("pl10", "plain", """1. The Alchemist
2. The Little Prince
3. Life of Pi""",
  [("The Alchemist", 61), ("The Little Prince", 62), ("Life of Pi", 60)], hist=[59])

# ----- misspellings -----------------------------------------------------------------------------------
A("ty01", "typos", """1. Gone Girl by Gilian Flynn
2. The Girl on the Train by Paula Hawkings
3. Sharp Objects by Gillian Flyn""",
  [("Gone Girl by Gilian Flynn", 32), ("The Girl on the Train by Paula Hawkings", 35), ("Sharp Objects by Gillian Flyn", 33)])
A("ty02", "typos", """1. The Hunger Game by Suzanne Collins
2. Mockingjay by Suzanne Colins
3. Divergant by Veronica Roth""",
  [("The Hunger Game by Suzanne Collins", 5), ("Mockingjay by Suzanne Colins", 7), ("Divergant by Veronica Roth", 8)])
A("ty03", "typos", """1. Harry Potter and the Sorcerers Stone
2. Harry Potter and the Prisoner of Azkhaban
3. The Fellowship of the Rings""",
  [("Harry Potter and the Sorcerers Stone", 1), ("Harry Potter and the Prisoner of Azkhaban", 3), ("The Fellowship of the Rings", 10)])
A("ty04", "typos", """1. The Cather in the Rye
2. To Kill a Mockinbird
3. Pride and Predjudice""",
  [("The Cather in the Rye", 48), ("To Kill a Mockinbird", 41), ("Pride and Predjudice", 43)])
A("ty05", "typos", """1. Invisible by Paul Austere
2. Inferno by Dan Browne
3. Origin by Jennifer Armentrout""",
  [("Invisible by Paul Austere", 26), ("Inferno by Dan Browne", 22), ("Origin by Jennifer Armentrout", 25)])
A("ty06", "typos", """1. The Kite Runer
2. A Thousand Splendid Sun
3. The Book Theif""",
  [("The Kite Runer", 57), ("A Thousand Splendid Sun", 58), ("The Book Theif", 59)], cands=[57, 58, 59])
A("ty07", "typos", """1. Wuthering Hights - Emily Bronte
2. Jayne Eyre - Charlotte Bronte
3. Persuassion - Jane Austen""",
  [("Wuthering Hights - Emily Bronte", 47), ("Jayne Eyre - Charlotte Bronte", 46), ("Persuassion - Jane Austen", 45)])
A("ty08", "typos", """1. The Handmaids Tale
2. Farenheit 451
3. Brave New Wolrd""",
  [("The Handmaids Tale", 69), ("Farenheit 451", 52), ("Brave New Wolrd", 51)], cands=[69, 52, 51])
A("ty09", "typos", """1. One Hundred Years of Solitute
2. Love in the Time of Colera
3. The Shadow of the Winds""",
  [("One Hundred Years of Solitute", 63), ("Love in the Time of Colera", 64), ("The Shadow of the Winds", 65)])
A("ty10", "typos", """1. The Hitchikers Guide to the Galaxy
2. Enders Game
3. The Martain""",
  [("The Hitchikers Guide to the Galaxy", 19), ("Enders Game", 18), ("The Martain", 85)])
A("ty11", "typos", """1. Slaughterhouse Five - Kurt Vonegut
2. Animal Farm - George Orwel
3. Dracula - Bram Stocker""",
  [("Slaughterhouse Five - Kurt Vonegut", 76), ("Animal Farm - George Orwel", 49), ("Dracula - Bram Stocker", 110)])
A("ty12", "typos", """1. The Time Travelers Wife
2. Me Before U
3. The Notebok""",
  [("The Time Travelers Wife", 91), ("Me Before U", 92), ("The Notebok", 93)], cands=[91, 92, 93])

# ----- hallucinated and absent books --------------------------------------------------------------------
A("ha01", "hallucinated", """1. The Silent Orchard by Kristin Hannah - a family saga set on a Washington apple farm
2. Winter Garden by Kristin Hannah - two sisters and their Russian mother
3. The Nightingale by Kristin Hannah - WWII France""",
  [("The Silent Orchard by Kristin Hannah", None), ("Winter Garden by Kristin Hannah", None), ("The Nightingale by Kristin Hannah", 38)],
  hist=[37])
A("ha02", "hallucinated", """1. Gone Girl 2: The Return by Gillian Flynn
2. The Girl on the Train Returns by Paula Hawkins
3. Sharp Objects by Gillian Flynn""",
  [("Gone Girl 2: The Return by Gillian Flynn", None), ("The Girl on the Train Returns by Paula Hawkins", None),
   ("Sharp Objects by Gillian Flynn", 33)], hist=[32])
A("ha03", "hallucinated", """1. The Ballad of Songbirds and Snakes - Suzanne Collins
2. Mockingjay Rising - Suzanne Collins
3. Catching Fire - Suzanne Collins""",
  [("The Ballad of Songbirds and Snakes - Suzanne Collins", None), ("Mockingjay Rising - Suzanne Collins", None),
   ("Catching Fire - Suzanne Collins", 6)], hist=[5])
A("ha04", "hallucinated", """1. The Lost Symbol by Dan Brown
2. Deception Point by Dan Brown
3. Digital Fortress by Dan Brown""",
  [("The Lost Symbol by Dan Brown", None), ("Deception Point by Dan Brown", None), ("Digital Fortress by Dan Brown", None)], hist=[20])
A("ha05", "hallucinated", """1. Harry Potter and the Cursed Child
2. Harry Potter and the Goblet of Fire
3. Harry Potter and the Order of the Phoenix""",
  [("Harry Potter and the Cursed Child", None), ("Harry Potter and the Goblet of Fire", None),
   ("Harry Potter and the Order of the Phoenix", None)], hist=[1, 2, 3])
A("ha06", "hallucinated", """1. Dune Messiah by Frank Herbert
2. Children of Dune by Frank Herbert
3. Dune by Frank Herbert""",
  [("Dune Messiah by Frank Herbert", None), ("Children of Dune by Frank Herbert", None), ("Dune by Frank Herbert", 16)])
A("ha07", "hallucinated", """1. The Whispering Tide by Elena Marsh
2. A Clockwork Lantern by Thomas Wren
3. The Glass Cartographer by Mira Okafor""",
  [("The Whispering Tide by Elena Marsh", None), ("A Clockwork Lantern by Thomas Wren", None),
   ("The Glass Cartographer by Mira Okafor", None)])
A("ha08", "hallucinated", """1. Klara and the Sun \u2014 Kazuo Ishiguro
2. The Buried Giant \u2014 Kazuo Ishiguro
3. The Remains of the Day \u2014 Kazuo Ishiguro""",
  [("Klara and the Sun \u2014 Kazuo Ishiguro", None), ("The Buried Giant \u2014 Kazuo Ishiguro", None),
   ("The Remains of the Day \u2014 Kazuo Ishiguro", 71)], cands=[71, 70])
A("ha09", "hallucinated", """1. Insurgent (Divergent, #2)
2. New Moon (Twilight, #2)
3. The Two Towers (The Lord of the Rings, #2)""",
  [("Insurgent (Divergent, #2)", None), ("New Moon (Twilight, #2)", None), ("The Two Towers (The Lord of the Rings, #2)", 11)])
A("ha10", "hallucinated", """1. The Hobbit Returns by J.R.R. Tolkien
2. The Silmarillion by J.R.R. Tolkien
3. The Hobbit by J.R.R. Tolkien""",
  [("The Hobbit Returns by J.R.R. Tolkien", None), ("The Silmarillion by J.R.R. Tolkien", None), ("The Hobbit by J.R.R. Tolkien", 13)])
A("ha11", "hallucinated", """1. The Testaments
2. Oryx and Crake
3. The Handmaid's Tale""",
  [("The Testaments", None), ("Oryx and Crake", None), ("The Handmaid's Tale", 69)], cands=[69])
A("ha12", "hallucinated", """1. Gone Girl by Paula Hawkins
2. The Girl on the Train by Gillian Flynn
3. Dark Places by Gillian Flynn""",
  [("Gone Girl by Paula Hawkins", None), ("The Girl on the Train by Gillian Flynn", None), ("Dark Places by Gillian Flynn", 34)])
A("ha13", "hallucinated", """1. The Goldfinch by Donna Tartt
2. The Secret History by Donna Tartt
3. Circe by Madeline Miller""",
  [("The Goldfinch by Donna Tartt", None), ("The Secret History by Donna Tartt", None), ("Circe by Madeline Miller", None)],
  cands=[57, 58])
A("ha14", "hallucinated", """1. A Storm of Swords - George R.R. Martin
2. A Feast for Crows - George R.R. Martin
3. A Game of Thrones - George R.R. Martin""",
  [("A Storm of Swords - George R.R. Martin", None), ("A Feast for Crows - George R.R. Martin", None),
   ("A Game of Thrones - George R.R. Martin", 14)])
A("ha15", "hallucinated", """1. It Ends With Us
2. Verity
3. Misery""",
  [("It Ends With Us", None), ("Verity", None), ("Misery", 83)])

# ----- JSON ---------------------------------------------------------------------------------------------
A("js01", "json", """```json
[{"title": "Invisible", "author": "Paul Auster"},
 {"title": "Origin", "author": "Dan Brown"},
 {"title": "The Road", "author": "Jack London"}]
```""",
  [("Invisible", 26), ("Origin", 24), ("The Road", 29)], fmt="json")
A("js02", "json", """[
  {"title": "Gone Girl", "author": "Gillian Flynn", "year": 2012},
  {"title": "The Silent Patient", "author": "Alex Michaelides", "year": 2019},
  {"title": "Verity", "author": "Colleen Hoover", "year": 2018}
]""",
  [("Gone Girl", 32), ("The Silent Patient", 36), ("Verity", None)], fmt="json", cands=[32, 36])
A("js03", "json", """{"recommendations": ["Harry Potter and the Philosopher's Stone", "Nineteen Eighty-Four", "The Hobbit"]}""",
  [("Harry Potter and the Philosopher's Stone", 1), ("Nineteen Eighty-Four", 50), ("The Hobbit", 13)], fmt="json")
A("js04", "json", """[{"book": "Sapiens", "author": "Yuval Noah Harari"}, {"book": "Quiet", "author": "Susan Cain"}, {"book": "Outliers", "author": "Malcolm Gladwell"}]""",
  [("Sapiens", 96), ("Quiet", 97), ("Outliers", 98)], fmt="json")
A("js05", "json", """```json
["Catching Fire (The Hunger Games, #2)", "Mockingjay (The Hunger Games, #3)", "Divergent (Divergent, #1)"]
```""",
  [("Catching Fire (The Hunger Games, #2)", 6), ("Mockingjay (The Hunger Games, #3)", 7), ("Divergent (Divergent, #1)", 8)],
  fmt="json", hist=[5])
A("js06", "json", """[{"title": "Inferno", "author": "Dante Alighieri"}, {"title": "Inferno", "author": "Dan Brown"}]""",
  [("Inferno", 23), ("Inferno", 22)], fmt="json")
A("js07", "json", """[{"title": "Invisible", "authors": ["James Patterson", "David Ellis"]}, {"title": "The Stand", "author": "Stephen King"}, {"title": "Invisible", "author": "Stephen King"}]""",
  [("Invisible", 27), ("The Stand", 84), ("Invisible", None)], fmt="json")
A("js08", "json", """{"books": [{"title": "The Nightingale", "author": "Kristin Hannah"}, {"title": "The Four Winds", "author": "Kristin Hannah"}, {"title": "On Mystic Lake", "author": "Kristin Hannah"}]}""",
  [("The Nightingale", 38), ("The Four Winds", None), ("On Mystic Lake", 37)], fmt="json", cands=[38, 37])

# ----- one-line lists -----------------------------------------------------------------------------------
A("cl01", "comma-one-liner", """Gone Girl, Sharp Objects, The Girl on the Train, The Silent Patient""",
  [("Gone Girl", 32), ("Sharp Objects", 33), ("The Girl on the Train", 35), ("The Silent Patient", 36)])
A("cl02", "comma-one-liner", """I'd suggest Dune by Frank Herbert, Ender's Game by Orson Scott Card and The Martian by Andy Weir.""",
  [("Dune by Frank Herbert", 16), ("Ender's Game by Orson Scott Card", 18), ("The Martian by Andy Weir", 85)])
A("cl03", "comma-one-liner", """Thinking, Fast and Slow; Outliers; Quiet; Freakonomics""",
  [("Thinking, Fast and Slow", 105), ("Outliers", 98), ("Quiet", 97), ("Freakonomics", 104)], cands=[105, 98, 97, 104])
A("cl04", "comma-one-liner", """Invisible (Paul Auster), The Road (Cormac McCarthy), Blindness (José Saramago)""",
  [("Invisible (Paul Auster)", 26), ("The Road (Cormac McCarthy)", 28), ("Blindness (José Saramago)", 67)])
A("cl05", "comma-one-liner", """My picks: Persuasion, Emma, Rebecca, Jane Eyre""",
  [("Persuasion", 45), ("Emma", 44), ("Rebecca", 73), ("Jane Eyre", 46)], hist=[43])

# ----- candidate choice by title and author -------------------------------------------------------------
A("ch01", "choice", """The answer is B: Invisible by Paul Auster.""", [("B", 26)], fmt="choice", cands=[27, 26, 32], rel=[26], k=1)
A("ch02", "choice", """Invisible by Paul Auster""", [("Invisible by Paul Auster", 26)], fmt="choice", cands=[27, 26, 32], rel=[26], k=1)
A("ch03", "choice", """Origin \u2014 Jennifer L. Armentrout""", [("Origin \u2014 Jennifer L. Armentrout", 25)], fmt="choice",
  cands=[24, 25, 9], rel=[25], k=1)
A("ch04", "choice", """I would pick "Sapiens" as the best fit.""", [("Sapiens", 96)], fmt="choice", cands=[98, 96, 97], rel=[96], k=1)
A("ch05", "choice", """Suzanne Collins - Catching Fire""", [("Suzanne Collins - Catching Fire", 6)], fmt="choice", cands=[6, 8, 9],
  rel=[6], k=1, hist=[5])

# ----- pairs (NIR: watched book - candidate book) ---------------------------------------------------------
A("np01", "nir-pairs", """Gone Girl - Sharp Objects
The Road - Blindness
The Hobbit - A Wizard of Earthsea""",
  [("Sharp Objects", 33), ("Blindness", 67), ("A Wizard of Earthsea", 80)], fmt="pairs", hist=[32, 28, 13], cands=[33, 67, 80])

# ----- written after the matcher was tuned, and left as first labelled --------------------------------------
A("hx01", "held-out", """1. The Da Vinci Code (Dan Brown, 2003)
2. **Gone Girl** — Gillian Flynn (2012): a marriage thriller
3. Harry Potter and the Philosopher's Stone — J.K. Rowling""",
  [("The Da Vinci Code (Dan Brown, 2003)", 20), ("Gone Girl", 32), ("Harry Potter and the Philosopher's Stone — J.K. Rowling", 1)])
A("hx02", "held-out", """1. The Girl With The Dragon Tattoo by Steig Larsson
2. Catching Fire (Hunger Games #2) by Suzanne Collins
3. Invisible by P. Auster""",
  [("The Girl With The Dragon Tattoo by Steig Larsson", 30), ("Catching Fire (Hunger Games #2) by Suzanne Collins", 6),
   ("Invisible by P. Auster", 26)])
A("hx03", "held-out", """- Rowling's Harry Potter and the Chamber of Secrets
- Mockingjay, the final Hunger Games book
- The Road, Cormac McCarthy's post-apocalyptic novel""",
  [("Rowling's Harry Potter and the Chamber of Secrets", 2), ("Mockingjay", 7), ("The Road, Cormac McCarthy's post-apocalyptic novel", 28)])
A("hx04", "held-out", """1. Origin (Armentrout)
2. Anna Karenina by Tolstoy
3. The Lord of the Rings: The Fellowship of the Ring""",
  [("Origin (Armentrout)", 25), ("Anna Karenina by Tolstoy", 112), ("The Lord of the Rings: The Fellowship of the Ring", 10)])
A("hx05", "held-out", """My top recommendation is The Kite Runner by Khaled Hosseini.""", [("The Kite Runner", 57)])
A("hx06", "held-out", """For a classic, try Jane Austen's Emma.""", [("Emma", 44)])
A("hx07", "held-out", """1. "The Hunger Games" by Suzanne Collins (2008)
2. "Divergent" by Veronica Roth (2011)
3. "The Maze Runner" by James Dashner (2009)""",
  [("The Hunger Games", 5), ("Divergent", 8), ("The Maze Runner", None)], cands=[5, 8])
A("hx08", "held-out", """1. Inferno by Dan Brown (Robert Langdon #4)
2. The Lost Symbol by Dan Brown (Robert Langdon #3)
3. Origin by Dan Brown (Robert Langdon #5)""",
  [("Inferno by Dan Brown", 22), ("The Lost Symbol by Dan Brown", None), ("Origin by Dan Brown", 24)])
A("hx09", "held-out", """1. Sapiens – Yuval Noah Harari
2. Thinking Fast and Slow – Daniel Kahneman
3. Freakonomics – Levitt & Dubner""",
  [("Sapiens – Yuval Noah Harari", 96), ("Thinking Fast and Slow – Daniel Kahneman", 105), ("Freakonomics – Levitt & Dubner", 104)])
A("hx10", "held-out", """1. The Little Prince (Le Petit Prince) by Antoine de Saint-Exupery
2. The Alchemist by Paolo Coelho
3. Blindness by Jose Saramago""",
  [("The Little Prince (Le Petit Prince) by Antoine de Saint-Exupery", 62), ("The Alchemist by Paolo Coelho", 61),
   ("Blindness by Jose Saramago", 67)], cands=[62, 61, 67])
A("hx11", "held-out", """1. The Road by Jack London
2. The Road by Cormac McCarthy
3. The Road by Stephen King""",
  [("The Road by Jack London", 29), ("The Road by Cormac McCarthy", 28), ("The Road by Stephen King", None)])
A("hx12", "held-out", """1. It by Stephen King
2. It Ends with Us by Colleen Hoover
3. Misery by Stephen King""",
  [("It by Stephen King", 82), ("It Ends with Us by Colleen Hoover", None), ("Misery by Stephen King", 83)])

with open(os.path.join(HERE, "labelled.jsonl"), "w", encoding="utf-8") as f:
    for a in answers:
        f.write(json.dumps(a, ensure_ascii=False) + "\n")
ids = [a["id"] for a in answers]
assert len(ids) == len(set(ids)), "duplicate ids"
slots = sum(len(a["expected"]["slots"]) for a in answers)
print(f"{len(answers)} answers, {slots} slots, "
      f"{sum(1 for a in answers if a['candidates'])} with candidates, "
      f"{sum(1 for a in answers for s in a['expected']['slots'] if s['item'] is None)} hallucinated slots")
