"""The catalogue of every message about content.

Each message says what is wrong and how to fix it, in plain words. Tests assert on these
constants, so wording changes here change every place at once.
"""

from __future__ import annotations

from planner.questions.messages import DUPLICATE_CHOICE as DUPLICATE_CHOICE, MIN_OVER_MAX as MIN_OVER_MAX

# Reading files
FILE_UNREADABLE = "The file cannot be read ({error}). Check that it exists and that you may open it."
FILE_TOO_LARGE = "The file is {size} bytes, more than the limit of {limit}. Split it into smaller files."
NOT_UTF8 = "The file is not UTF-8 text (byte {byte} cannot be read). Save it again as UTF-8."
NOT_ORDINARY_FILE = ("This is not an ordinary file (it is {kind}), so it cannot be read. Put an ordinary text file "
                     "here, or remove it.")
FILE_KINDS = {"fifo": "a pipe", "device": "a device", "folder": "a folder", "socket": "a socket",
              "other": "something else", "link": "a link to {kind}"}
FILE_EMPTY = "The file is empty. Add content to it or remove it."
YAML_SYNTAX = "The YAML cannot be read: {problem}. Check the indentation, colons and quotes here."
TOO_DEEP = "The content is nested more than {limit} levels deep. Use fewer levels."
TOO_MANY_NODES = "The file has more than {limit} items. Split it into smaller files."
TOO_LARGE_FOR_ITEMS = ("The file is {size} bytes but holds only {items} items, which is too large for what it holds. "
                       "Take out what is not needed, or split it into smaller files.")
SCALAR_TOO_LONG = "This value is {size} characters long, more than the limit of {limit}. Make it shorter."
ALIAS_NOT_ALLOWED = "Anchors and aliases (& and *) are not allowed. Write the text out in full."
TAG_NOT_ALLOWED = "The tag '{tag}' is not allowed. Remove it and write a plain value."
DUPLICATE_KEY = "'{key}' is written twice here (first on line {first}). Keep one of them."
KEY_NOT_TEXT = "A key must be a word, not {got}. Write the key as a word."
NOT_A_CONTENT_FILE = "This file has none of {expected}. Start the file with one of them."

# Shapes and keys
UNKNOWN_KEY = "{where} has an unknown key '{key}'.{suggest} Remove it or fix the spelling."
MISSING_KEY = "{where} is missing '{key}'. Add it."
WRONG_TYPE = "'{key}' in {where} should be {expected}. Change the value."
BAD_VALUE = "'{key}' in {where} cannot be {value}. Use one of: {allowed}."
NOT_IN_RANGE = "'{key}' in {where} should be {rule}. Change the value."
TOO_FEW_ITEMS = "'{key}' in {where} has {count}, but needs at least {least}. Add {add}."
TOO_MANY_ITEMS = "'{key}' in {where} has {count}, but can have at most {most}. Remove {remove}."
BAD_ID = "'{id}' is not a usable id. Use lower-case letters, digits and _, starting with a letter."
BAD_DASHED_ID = "'{id}' is not a usable {what} id. Use lower-case letters, digits, _ and -, starting with a letter."
DUPLICATE_ID = "The id '{id}' is used twice in this flow (first on line {first}). Give each step its own id."
DUPLICATE_FLOW = "The flow id '{id}' is used by two files (the other is {other}). Give each flow its own id."
RESERVED_ID = "The id '{id}' is a reserved word. Choose another id."
UNKNOWN_KIND = "{where} has kind '{kind}', which is not a kind of question.{suggest} Use one of: {kinds}."
NO_CHOICES = "{where} has no choices. Add at least two choices."
BAD_LIST_FIELD = "{where} has a field of kind '{kind}', which cannot be used inside a list. Use one of: {kinds}."
EMPTY_SECTION = "{where} has no steps. Add a step or remove the section."

# Expressions
EXPR_SYNTAX = "{where} has an expression that cannot be read: {problem}. Check the brackets and quotes."
TEXT_BLOCK_NOT_ALLOWED = "{where} uses '{{%'. Only '{{{{ ... }}}}' can be used in text. Rewrite it as an expression."
UNKNOWN_NAME = ("{where} uses '{name}', but there is no question or derived value called '{name}'.{suggest} Fix the "
                "name, or add that question.")
ASKED_LATER = ("{where} uses '{name}', but that question is asked later (line {later}). Move the question earlier, or "
               "this step later.")
UNKNOWN_STATUS_NAME = "{where} uses 'status.{name}', but there is no question called '{name}'.{suggest} Fix the name."
STATUS_NEEDS_NAME = "{where} uses 'status' on its own. Write status.QUESTION, for example status.{example}."
IMPOSSIBLE_VALUE = ("{where} compares '{name}' with {value}, but '{name}' can only be {allowed}. Use one of those "
                    "values.")
UNKNOWN_PART = "{where} uses '{name}.{part}', but a {kind} answer has no part called '{part}'. Use {parts}."
PRIVATE_NAME = "{where} uses '{name}'. Names that start with _ are not allowed. Remove it."
UNKNOWN_FILTER = "{where} uses the filter '{name}', which does not exist.{suggest} Check the spelling."
UNKNOWN_ITEM_FIELD = ("{where} uses 'item.{name}', but this list has no earlier field called '{name}'.{suggest} Fix "
                      "the name.")
ITEM_OUTSIDE_LIST = "{where} uses 'item', which only means something inside a list's fields. Use a question id instead."
DERIVED_CYCLE = "The derived value '{id}' depends on itself ({chain}). Break the loop."
UNKNOWN_COUNCIL_FIELD = "{where} uses 'council.{name}', which is not a council setting.{suggest} Fix the name."

# Links between files
UNKNOWN_GLOSSARY_TERM = ("{where} links '[[{term}]]', but the glossary has no such term.{suggest} Add it to "
                         "glossary.yaml or fix the spelling.")
BAD_GLOSSARY_LINK = "{where} has a glossary link that is not closed: '{text}'. Write [[term]] or [[shown words|term]]."
UNKNOWN_CODE = ("{where} has the code '{code}', which is not listed in content/codes/.{suggest} Add it there or fix "
                "the spelling.")
DUPLICATE_CODE = ("The code '{code}' is used by two questions in this flow (the other is on line {first}). Give each "
                  "its own code.")
DUPLICATE_TERM = "The glossary term '{term}' is defined twice (first on line {first}). Keep one."
CODE_VALUE_NOT_ALLOWED = ("{where} has the choice '{value}', but its code '{code}' allows only {allowed}.{suggest} "
                          "Use one of those, or add the value to the code in content/codes/.")
CODE_KIND_DIFFERS = ("The code '{code}' holds a {kind} answer here, but a {other_kind} answer in {other}. "
                     "A code must hold the same kind of answer in every flow. Give one of them its own code.")
DUPLICATE_CODE_ENTRY = "The code '{code}' is listed twice (first in {first}). Keep one."
UNKNOWN_LINKED_FLOW = ("The flow header links to the flow '{flow}', which is not another flow here.{suggest} "
                       "Use one of: {flows}.")
NO_FLOWS = "There are no flows here. Add a flow file to {path}/flows/."
NO_COUNCIL = "There is no council here. Add a folder with a council.yaml to {path}/councils/."
JARGON_NOT_IN_GLOSSARY = "The jargon word '{word}' is not a glossary term or synonym. Add it to glossary.yaml."

# Plain language (warnings)
LONG_SENTENCE = ("{where} has a sentence of {words} words (the limit is {limit}): \"{start}...\". Split it into "
                 "shorter sentences.")
HARD_TO_READ = ("{where} is hard to read (reading ease {score}, aim for {limit} or more). Use shorter words and "
                "sentences.")
UNLINKED_JARGON = "{where} uses '{word}' without a glossary link. Write [[{term}]] the first time it appears."
UNREACHABLE = "{where} can never be shown: no answers make its condition true. Fix the condition or remove the step."
PLANNER_ONLY_VOICE = ("{where} is planner_only: only a planner is asked it. Give it voice: planner, and start its "
                      "prompt with 'For the planner.'")

# Translations (locales/LANG/LC_MESSAGES/planner.po)
TRANSLATION_BROKEN = "The {locale} translation of {what} cannot be used: {reason}. Fix the translation."
PO_UNREADABLE = "The translation file cannot be read ({error}). Check it with a PO editor such as Poedit."

# Council templates (content/councils/ID/templates/)
TEMPLATE_UNREADABLE = "The template cannot be read ({error}). Put a plain UTF-8 text file here, or remove it."
TEMPLATE_SYNTAX = "The template cannot be read: {problem}. Check the {{% %}} and {{{{ }}}} tags on this line."
TEMPLATE_PRIVATE_NAME = "The template uses '{name}'. Names that start with _ are not allowed in templates. Remove it."
TEMPLATE_UNKNOWN_PART = "The template uses '.{name}', which is not a part of any document.{suggest} {fix}"
TEMPLATE_UNKNOWN_NAME = ("The template uses '{name}', which does not exist here.{suggest} A template can use doc, "
                         "about, fmt, large_print, lang, its macros, _(), ngettext(), namespace() and range().")
TEMPLATE_CALL_NOT_ALLOWED = ("The template calls {name}, which cannot be called. Only macros, caller(), super(), "
                             "_(), ngettext(), namespace() and range() can be called. Use a filter instead.")
TEMPLATE_UNKNOWN_FILTER = ("The template uses the filter '{name}', which templates cannot use.{suggest} Use one of: "
                           "{filters}.")
TEMPLATE_UNKNOWN_TEST = "The template uses the test '{name}', which templates cannot use.{suggest} Use one of: {tests}."
TEMPLATE_NOT_FOUND = ("The template uses '{name}', which is not a built-in template or one of this council's."
                      "{suggest} Fix the name.")
TEMPLATE_NOT_USED = ("'{name}' is not the name of a built-in template, and no template here uses it, so it is never "
                     "used.{suggest} Rename it to the template it should replace.")
TEMPLATE_FAILED = "The template stopped when it was tried on an example {document}: {problem}. {fix}"

_CODES = {value: name for name, value in globals().items() if name.isupper() and isinstance(value, str)}


def code_of(template: str) -> str:
    """The catalogue name of a message template, for JSON output and tests."""
    return _CODES.get(template, "")
