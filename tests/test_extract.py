"""Final-answer extraction: boxes, math segments, the whole field, chat transcripts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eed.extract import (
    RULES,
    Extraction,
    bound_words,
    extract,
    extract_answer,
    is_messages,
    message_text,
    undoubled,
)

CASES = [
    # Boxes, braces balanced at any depth.
    (r"so \boxed{\frac{a}{b^{2}}} and done", r"\frac{a}{b^{2}}", "boxed"),
    (
        r"\boxed{\sqrt{\frac{1}{\left(1+\frac{x}{y^{2}}\right)}}}",
        r"\sqrt{\frac{1}{\left(1+\frac{x}{y^{2}}\right)}}",
        "boxed",
    ),
    (r"\boxed {x+1}", "x+1", "boxed"),
    (r"\fbox{y}", "y", "boxed"),
    (r"first \boxed{a} then \boxed{b}", "b", "boxed"),
    (r"\boxed{\boxed{a}+b}", r"\boxed{a}+b", "boxed"),  # the last top-level box, whole
    (r"\boxed{ \{x\} }", r"\{x\}", "boxed"),  # escaped braces do not close the box
    (r"\boxed{a\}b}", r"a\}b", "boxed"),
    (r"\boxed{a\\}", r"a\\", "boxed"),  # a line break, then the closing brace
    (r"$$x$$ and \boxed{y}", "y", "boxed"),  # a box wins over later math
    (r"\boxed{y} and then $$x$$", "y", "boxed"),
    (r"answer: \boxed{x^{2", "x^{2", "boxed_unclosed"),
    (r"\\boxed{no} $k$", "k", "inline_math"),  # "\\" is a line break, not a box
    (r"\boxedx{a} $k$", "k", "inline_math"),  # another command, not \boxed
    # A run of boxes with only separators between them is one answer: all its boxes.
    (r"\boxed{1} and \boxed{2}", "1, 2", "boxed_list"),
    (r"$$\boxed{(2, 2)} \quad \text{and} \quad \boxed{(6, 2)}$$", "(2, 2), (6, 2)", "boxed_list"),
    (r"\[ \boxed{x=1} \] or \[ \boxed{x=2} \]", "x=1, x=2", "boxed_list"),
    (r"$\boxed{a}$, $\boxed{b}$; $\boxed{c}$", "a, b, c", "boxed_list"),
    (r"\boxed{a} \\ \boxed{b}", "a, b", "boxed_list"),
    # Boxes of named values are one run when every box of it has a name.
    (r"x = \boxed{1} and y = \boxed{2}", "x = 1, y = 2", "boxed_list"),
    (r"\( y_1 = \boxed{a} \) and \( y_2 = \boxed{b} \)", "y_1 = a, y_2 = b", "boxed_list"),
    (r"\boxed{1} and y = \boxed{2}", "2", "boxed"),
    (r"a+x = \boxed{1} and y = \boxed{2}", "2", "boxed"),
    (r"so x = \boxed{1}, then y = \boxed{2}", "2", "boxed"),
    # Anything else between two boxes ends the run: the last box is the answer.
    (r"\boxed{1}. So \boxed{2}", "2", "boxed"),
    (r"\boxed{a} orange \boxed{b}", "b", "boxed"),
    (r"\boxed{1} \text{ for case (a) and } \boxed{2}", "2", "boxed"),
    (r"\boxed{1} \text{ for } x > 0 \text{ and } \boxed{2}", "2", "boxed"),
    (r"\boxed{1} \text{ for partial and } \boxed{2}", "2", "boxed"),
    # Boxes that answer the parts of a question are its answer, a tuple of them in order.
    (r"\boxed{1} \text{ for part (a) and } \boxed{2}", "1; 2", "boxed_list"),
    (r"\boxed{1} for part a, \boxed{2} for part b", "1; 2", "boxed_list"),
    (r"(a) \boxed{12} (b) \boxed{13}", "12; 13", "boxed_list"),
    (r"Part (a): \boxed{12}, Part (b): \boxed{13}", "12; 13", "boxed_list"),
    (r"\textbf{(a)} \boxed{12} \textbf{(b)} \boxed{13}", "12; 13", "boxed_list"),
    # Labels that do not count up from the first part leave the last box alone.
    (r"\boxed{1} for part b and \boxed{2} for part a", "2", "boxed"),
    (r"\boxed{1} for part 2 and \boxed{2} for part 1", "2", "boxed"),
    (r"(b) \boxed{12} (c) \boxed{13}", "13", "boxed"),
    (r"(a) \boxed{12} (c) \boxed{13}", "13", "boxed"),
    ("(b) Thus \\boxed{5}\n(a) \\boxed{6}", "6", "boxed"),
    ("(b)\n\\boxed{5}\n(a)\n\\boxed{6}", "6", "boxed"),
    (r"\boxed{1} + \boxed{2}", "2", "boxed"),
    (r"\boxed{1} = \boxed{2}", "2", "boxed"),
    (r"\boxed{1} and \boxed{}", "", "boxed"),
    # An answer stated in words after the last math began.
    ("Final Answer: The final answer is $10,455$. I hope it is correct.", "10,455", "stated"),
    ("Final Answer: The largest $n$ is 34.", "34", "stated"),
    ("we get 8 so the answer is 0", "0", "stated"),
    ("The answer is $4.", "4", "stated"),  # a math segment cut short
    ("the answer is $x^2$ since", "x^2", "stated"),
    ("The final answer is 7.78 m/s.", "7.78 m/s", "stated"),
    ("answer: 10 weeks", "10 weeks", "stated"),
    ("My reply is 0.75.", "0.75", "stated"),
    # A stated bound or negation states no value.
    ("The answer is not $0$.", "0", "inline_math"),
    ("so the answer is at least 5", "so the answer is at least 5", "whole"),
    ("Final answer: at most 5", "Final answer: at most 5", "whole"),
    ("so the result is -2", "-2", "stated"),
    ("the result is 5 when x = 2", "the result is 5 when x = 2", "whole"),
    # ... but not a sentence, nothing without a digit or math, and not before later math.
    (
        "Final answer: it moves faster than 3 times c",
        "Final answer: it moves faster than 3 times c",
        "whole",
    ),
    ("Answer: yes", "Answer: yes", "whole"),
    ("The answer is $2$ if $n$ is even", "n", "inline_math"),
    ("The answer is $x$. Then $$y = 2$$", "y = 2", "display_math"),
    ("the answer is 5. \\boxed{6}", "6", "boxed"),
    # A number that words conclude with, after the last math: the one number of the sentence
    # after the last conclusion word, in bold, or after its last "=".
    ("Therefore, there are 13 birds.", "13", "concluded"),
    ("所以一共有3 + 10 = 13只鸟和鹳鸟。", "13", "concluded"),
    ("因此，瑞秋的数学作业比阅读作业多 **3页**。", "3", "concluded"),
    ("لذا، ناتج العملية 79 * 2 - 66 هو **92**.", "92", "concluded"),
    ("Le coût final est donc de 100 - 30 = 70", "70", "concluded"),
    ("we have $x = 2$. So the price rises by 25%.", "25%", "concluded"),
    ("Thus the total is 1,000.99 dollars", "1,000.99", "concluded"),
    ("so it is −3.5 m/s", "-3.5", "concluded"),
    ("hence the ratio is 2/5.", "2/5", "concluded"),
    ("答案：每份应该是 (\\frac{2}{5}) 吨。", "\\frac{2}{5}", "concluded"),
    ("En conclusion, elle est de **25%**.", "25%", "concluded"),
    # A final answer stated after the last box is the last word; a box after it wins.
    (r"so \boxed{255}. The final answer is $10,455$.", "10,455", "stated"),
    (r"The final answer is $5$. So \boxed{6}", "6", "boxed"),
    (r"\boxed{5}. The answer is 5 or 6.", "5", "boxed"),
    # ... not two numbers or none, a number running on into math or letters, a bound, a
    # factor, a decimal comma, a number before later math, nor a number with no conclusion.
    ("so there are 3 red and 10 blue", "so there are 3 red and 10 blue", "whole"),
    ("Therefore 5x", "Therefore 5x", "whole"),
    ("Thus v = 5 t^2", "Thus v = 5 t^2", "whole"),
    ("Thus 5/x", "Thus 5/x", "whole"),
    ("Hence 3 \\cdot 2", "Hence 3 \\cdot 2", "whole"),
    ("so there are more than 3", "so there are more than 3", "whole"),
    ("so it is not 3.", "so it is not 3.", "whole"),
    ("Thus 3 or more", "Thus 3 or more", "whole"),
    ("Therefore it is 3 times larger", "Therefore it is 3 times larger", "whole"),
    ("Hence at least 4 boxes", "Hence at least 4 boxes", "whole"),
    ("donc 0,30", "donc 0,30", "whole"),
    ("Therefore 5 is the bound on $x$", "x", "inline_math"),
    ("We count the total. It is 13 birds.", "We count the total. It is 13 birds.", "whole"),
    ("x = 13", "x = 13", "whole"),
    ("The speed is $v$. It is 13.", "v", "inline_math"),
    # No conclusion word, no conclusion: a sentence in words may state any number.
    ("The total is 13 birds.", "The total is 13 birds.", "whole"),
    ("The problem has 5 parts.", "The problem has 5 parts.", "whole"),
    # Only a copula, an equals sign, a total or a colon states the number: not a verb of
    # having, a verb with 了, an answer word with a colon alone, or a Hindi copula after it;
    # a clause after the things counted is more than a unit.
    (
        "Final Answer: Jane started growing Sphere 3 hours ago.",
        "Final Answer: Jane started growing Sphere 3 hours ago.",
        "whole",
    ),
    (
        "所以，他们从阿肯色州比赛中卖出的T恤赚了8722美元。",
        "所以，他们从阿肯色州比赛中卖出的T恤赚了8722美元。",
        "whole",
    ),
    ("Donc, il a déjà 79 g de cire.", "Donc, il a déjà 79 g de cire.", "whole"),
    ("So the answer has 3 digits.", "So the answer has 3 digits.", "whole"),
    ("इसलिए, दुकान में अब 67 कमीजें हैं।", "इसलिए, दुकान में अब 67 कमीजें हैं।", "whole"),
    (
        "Therefore, there are 12 sequences that meet the first condition alone.",
        "Therefore, there are 12 sequences that meet the first condition alone.",
        "whole",
    ),
    ("Therefore 13. Then we check $y$.", "y", "inline_math"),
    ("Therefore Jane started 5 hours ago.", "Therefore Jane started 5 hours ago.", "whole"),
    (
        "Answer: there are 12 ways that are invalid",
        "Answer: there are 12 ways that are invalid",
        "whole",
    ),
    ("Final answer: step 5 of the proof.", "Final answer: step 5 of the proof.", "whole"),
    # A stated answer may be a run of math, in quotation marks too; math after its sentence
    # (notes or corrections alike) is the later answer; an operator opening the next line
    # goes on with it.
    ('The final answer is "$12$ and $13$". I hope it is correct.', "12, 13", "stated"),
    ("Final Answer: The final answer is $14$. Note: $A$ and $B$ are digits.", "B", "inline_math"),
    ("The final answer is $5$. Hmm, checking $x=6$ instead.", "x=6", "inline_math"),
    ("Final Answer: $5$. Edit: $6$.", "6", "inline_math"),
    ("The answer is 5\n\\times 2", "The answer is 5\n\\times 2", "whole"),
    ("The answer is $1$ and $2$ I hope not", "2", "inline_math"),
    # Narrative words before the answer word are no doubt on it; a negation is.
    ("when we divide 9/3 we get 8 so the answer is 0", "0", "stated"),
    ("It is false that the answer is 5.", "It is false that the answer is 5.", "whole"),
    ("The answer is \\[1\\] and \\[2\\].", "2", "display_math"),
    # Markdown bold closing an answer marker, or around the value, is dropped.
    ("**Final Answer:** $5$", "5", "stated"),
    ("**Final Answer:** **5**", "5", "stated"),
    ("The answer is **5**.", "5", "stated"),
    # Chat template tokens that close the text are dropped; anywhere else they are text
    # (and the answer is then read whole, see test_extract_knob).
    ("So $5$.<|im_end|>\n<|im_start|>user\nIt is $6$", "6", "inline_math"),
    ("<|im_start|>assistant\nSo $5$.<|im_end|>", "5", "inline_math"),
    (
        "<|im_start|>user\nFind $x$<|im_end|>\n<|im_start|>assistant\nx = \\boxed{5}<|im_end|>",
        "5",
        "boxed",
    ),
    ("I do not know<|im_end|>\n<|im_start|>user\nIt is $5$", "5", "inline_math"),
    ("$5$<|im_end|>\\times $2$", "2", "inline_math"),
    # Inline math joined only by commas, "and" or "or" is one list; display math is not.
    ("$1$ and $2$ and $3$", "1, 2, 3", "math_list"),
    ("so $x = 1$, $y = 2$.", "x = 1, y = 2", "math_list"),
    ("$21,16$ or $11$", "21,16, 11", "math_list"),
    ("$1$ and then $2$", "2", "inline_math"),
    ("We get $a$. Then $b$", "b", "inline_math"),
    ("$$a=b$$, $$c$$", "c", "display_math"),
    ("$$a=b$$ and $c$", "c", "inline_math"),
    # Math segments: the last non-empty one, display or inline.
    ("Thus $a$ and $$b=c$$ done", "b=c", "display_math"),
    ("$$b=c$$ and then $a$.", "a", "inline_math"),
    (r"\[ E = mc^2 \] and \( p \)", "p", "inline_math"),
    (r"\( p \) and \[ E = mc^2 \]", "E = mc^2", "display_math"),
    (r"costs \$5, so $x$", "x", "inline_math"),  # an escaped dollar is no delimiter
    (r"price \$5 and \$6", r"price \$5 and \$6", "whole"),
    (r"\begin{equation} F = ma \end{equation}", "F = ma", "display_math"),
    (r"\begin{align*} a &= b \end{align*} text", "a &= b", "display_math"),
    (r"\begin{itemize} x \end{itemize}", r"\begin{itemize} x \end{itemize}", "whole"),
    ("$$ $$ and $y$", "y", "inline_math"),  # empty segments are skipped
    ("$y$ and $$  $$", "y", "inline_math"),
    ("unclosed $x", "unclosed $x", "whole"),
    ("$$\nT = 2\\pi\n$$", "T = 2\\pi", "display_math"),
    # Markdown bold around the whole answer goes; bold spans among words stay.
    ("**10**", "10", "whole"),
    ("**10**.", "10", "whole"),
    ("**a** and **b**", "**a** and **b**", "whole"),
    ("185\\", "185", "whole"),
    ("a \\\\", "a \\\\", "whole"),
    # The whole field.
    ("  x + 1 \n", "x + 1", "whole"),
    ("", "", "empty"),
    ("   \n ", "", "empty"),
]


@pytest.mark.parametrize(("text", "answer", "rule"), CASES)
def test_extract(text: str, answer: str, rule: str) -> None:
    assert extract(text) == Extraction(answer, rule)
    assert extract_answer(text) == answer
    assert rule in RULES


def test_chat_messages_use_the_last_assistant_message() -> None:
    messages = [
        {"role": "system", "content": r"answer in \boxed{}"},
        {"role": "user", "content": r"what is \boxed{2}?"},
        {"role": "assistant", "content": r"first \boxed{1}"},
        {"role": "user", "content": "sure?"},
        {"role": "assistant", "content": r"yes: \boxed{x^{2}}"},
    ]
    assert is_messages(messages)
    assert message_text(messages) == r"yes: \boxed{x^{2}}"
    assert extract(messages) == Extraction("x^{2}", "boxed")


def test_chat_multipart_content_and_no_assistant() -> None:
    parts = [
        {
            "role": "assistant",
            "content": [{"type": "text", "text": "so "}, {"type": "text", "text": "$y$"}],
        }
    ]
    assert extract_answer(parts) == "y"
    assert extract([{"role": "user", "content": "hi"}]) == Extraction("", "empty")
    assert extract([{"role": "assistant", "content": None}]) == Extraction("", "empty")


def test_is_messages() -> None:
    assert not is_messages("text")
    assert not is_messages([{"content": "no role"}])
    assert not is_messages(["a", "b"])
    assert is_messages([])


_PLAIN = st.text(
    alphabet=st.characters(blacklist_characters="{}\\$", blacklist_categories=["Cs"]), max_size=12
)


@st.composite
def _balanced(draw: st.DrawFn, depth: int = 3) -> str:
    parts = draw(st.lists(_PLAIN, min_size=1, max_size=3))
    if depth == 0:
        return "".join(parts)
    inner = draw(st.lists(_balanced(depth - 1), max_size=2))
    out = parts[0]
    for i, piece in enumerate(inner):
        out += "{" + piece + "}" + (parts[i + 1] if i + 1 < len(parts) else "")
    return out


@settings(max_examples=150, deadline=None)
@given(before=_PLAIN, body=_balanced(), after=_PLAIN)
def test_any_balanced_box_body_comes_back_whole(before: str, body: str, after: str) -> None:
    text = before + r"\boxed{" + body + "}" + after
    assert extract(text) == Extraction(body.strip(), "boxed")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40))
def test_extraction_never_fails(text: str) -> None:
    found = extract(text)
    assert found.rule in RULES
    assert found.text == found.text.strip()


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # Escaped twice: every backslash before a word doubled, one of them a common command.
        (r"\\boxed{\\frac{1}{2}}", r"\boxed{\frac{1}{2}}"),
        (r"\\left( 3, \\frac{\\pi}{2} \\right)", r"\left( 3, \frac{\pi}{2} \right)"),
        # ... with the escapes of a string escaped once: \n is a line break.
        (r"is \\boxed{4}.\n\nBut", "is \\boxed{4}.\n\nBut"),
        (r"\\\\ \\frac{1}{2} \\cdot 2", r"\\ \frac{1}{2} \cdot 2"),
        # Not escaped twice: a line break in LaTeX, a single backslash command beside a
        # doubled one, an unknown command, or no command at all.
        (r"a \\ b", r"a \\ b"),
        (r"a \\ \frac{1}{2}", r"a \\ \frac{1}{2}"),
        (r"\\frac{1}{2} + \sqrt{2}", r"\\frac{1}{2} + \sqrt{2}"),
        (r"\\foo{x}", r"\\foo{x}"),
        (r"\begin{pmatrix} 1 \\ 2 \end{pmatrix}", r"\begin{pmatrix} 1 \\ 2 \end{pmatrix}"),
    ],
)
def test_undoubled(text: str, read: str) -> None:
    assert undoubled(text) == read


def test_one_doubled_command_alone_may_be_a_line_break() -> None:
    assert undoubled(r"\\boxed{no} $k$") == r"\\boxed{no} $k$"
    assert undoubled(r"\\boxed{4}" + r"\n") == "\\boxed{4}\n"


@pytest.mark.parametrize(
    ("words", "bound"),
    [
        ("so the answer is at least ", True),
        ("It is more than $", True),
        ("x is not equal to \\(", True),
        ("so it is at most \\boxed{", True),
        ("it is 4 times $", True),
        ("the answer is $", False),
        ("which is not needed. So \\boxed{", False),
        ("we get $", False),
    ],
)
def test_bound_words(words: str, bound: bool) -> None:
    assert (bound_words(words) is not None) is bound
