"""Comments the toxicity tests score, plainly toxic and plainly civil (tests/scoring/test_toxicity*.py)."""

TOXIC = [
    "You are a pathetic, brainless idiot. Shut up.",
    "What a disgusting pig, go back to where you came from.",
    "These morons should be shot, worthless scum.",
]
CIVIL = [
    "Thank you for the careful reporting on the budget.",
    "I respectfully disagree; the figures from last year tell another story.",
    "The council meets again on Tuesday to vote on the proposal.",
]
