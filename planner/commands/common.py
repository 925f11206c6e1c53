"""What the commands share: loading content and opening the store, with plain messages, and printing.

Everything a command prints goes through `say` or `fail` (or a `Cleaned` stream, for code that
writes to a stream itself), and so through `planner.text.for_terminal`: names, answers and paths
can hold escape sequences that would set the window title or write the clipboard.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import io
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO, TypeAlias, cast

from planner.flows.loader import Content, load_content
from planner.i18n.translator import N_, Fault, Message, Translator
from planner.paths import content_dir, data_dir
from planner.store import SessionStore, StoreError, faults
from planner.text import for_terminal, json_for_terminal

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

    from planner.output.write import OutputError


class Parser(argparse.ArgumentParser):
    """argparse, but with a plain message and a pointer to --help instead of a usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"planner: {message}.\nType 'planner --help' to see what you can type.\n")

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        """Help and errors, cleaned: an error quotes what was typed, which may hold escape sequences."""
        if message:
            with contextlib.suppress(AttributeError, OSError):
                (file or sys.stderr).write(for_terminal(message))


# The subcommands' parsers, as each command module receives them to add its own.
Commands: TypeAlias = "argparse._SubParsersAction[Parser]"  # subscripted only by the type checker

CONTENT_BROKEN = N_("The content in {root} has mistakes, so it cannot be used until they are fixed:")
NO_CONTENT = N_("There is no content folder at {root}.")
NO_TRANSLATION = N_("There is no translation for '{asked}'. Try one of: {choices}.")
FIRST_TIME = N_("Choose a passphrase to lock your saved conversations. You will need it each time planner "
                "starts. Use {n} or more letters, numbers or spaces. Nothing you type will show.")
CHOOSE = N_("Choose a passphrase: ")
TOO_SHORT = N_("That is too short. Use {n} or more letters, numbers or spaces.")
AGAIN = N_("Type the same passphrase again: ")
NOT_SAME = N_("Those two were not the same. Please try again.")
NOT_RIGHT = N_("That passphrase is not right. Please try again.")
ASK = N_("Passphrase: ")


class CommandError(Fault):
    """A plain message for the person at the keyboard; the command stops with `code` (1 unless said).

    `message` is a catalogue message id filled in with `params` (see Fault): `told` says it in the
    person's language.
    """

    def __init__(self, message: str | Message, code: int = 1, /, **params: Any) -> None:
        super().__init__(message, **params)
        self.code = code


def terminal_translator(args: argparse.Namespace | None = None) -> Translator:
    """The language a command speaks in at the terminal: --lang when there is a translation for it, else
    $PLANNER_LANG or $LANG (as `language_from`, but never failing: it is also used to say what failed)."""
    from planner.i18n import catalogues

    given = getattr(args, "content", None)
    folders = catalogues.folders_for(Path(given) if given else content_dir())
    asked = getattr(args, "lang", None)
    language = (catalogues.supported(asked, folders) if asked else None) or catalogues.from_environment(
        folders=folders)
    return catalogues.load(language, folders)


def told(error: BaseException, tr: Translator) -> str:
    """What went wrong, in `tr`'s language when it is a Fault (anything else is already in words to show)."""
    return error.text(tr) if isinstance(error, Fault) else str(error)


def content_from(args: argparse.Namespace, *, lazy: bool = False) -> Content:
    """The content to use, or CommandError listing its mistakes.

    `lazy`: each conversation is built when first chosen (its mistakes said then, see store.opening.flow_named).
    """
    root = Path(args.content) if getattr(args, "content", None) else content_dir()
    if not root.is_dir():
        raise CommandError(NO_CONTENT, root=str(root))
    content = load_content(root, lazy=lazy)
    errors = [p for p in content.problems if p.severity == "error"]
    if errors:
        raise CommandError(Message(CONTENT_BROKEN, root=str(root)).text(terminal_translator()) + "\n"
                           + "\n".join(str(p) for p in errors))
    return content


def language_from(args: argparse.Namespace, content: Content) -> str:
    """The language asked for with --lang, else PLANNER_LANG or LANG when there is a catalogue for it, else English."""
    from planner.i18n import catalogues

    folders = catalogues.folders_for(content.root)
    asked = getattr(args, "lang", None)
    if not asked:
        return catalogues.from_environment(folders=folders)
    found = catalogues.supported(asked, folders)
    if found is None:
        raise CommandError(NO_TRANSLATION, asked=asked, choices=", ".join(catalogues.languages(folders)))
    return found


def store_from(args: argparse.Namespace) -> SessionStore:
    """The session store in the chosen data folder (asking for its passphrase at a terminal if need be)."""
    folder = Path(args.data_dir) if getattr(args, "data_dir", None) else data_dir()
    return SessionStore.in_folder(folder, TerminalPassphrase(terminal_translator(args)) if sys.stdin.isatty() else None)


class TerminalPassphrase:
    """The key file's passphrase, asked at the terminal; nothing typed is shown (getpass)."""

    TRIES = 3

    def __init__(self, tr: Translator | None = None) -> None:
        self.tr = tr or terminal_translator()

    def choose(self) -> str:
        from planner.store.keys import MIN_PASSPHRASE, NOT_CHOSEN

        say(self.tr.gettext(FIRST_TIME, n=MIN_PASSPHRASE), stream=sys.stderr)
        for _ in range(self.TRIES):
            first = self._ask(self.tr.gettext(CHOOSE))
            if len(first.strip()) < MIN_PASSPHRASE:
                say(self.tr.gettext(TOO_SHORT, n=MIN_PASSPHRASE), stream=sys.stderr)
                continue
            if self._ask(self.tr.gettext(AGAIN)) == first:
                return first
            say(self.tr.gettext(NOT_SAME), stream=sys.stderr)
        raise StoreError(NOT_CHOSEN, faults.NO_KEY_SOURCE)

    def enter(self, attempt: int) -> str | None:
        if attempt >= self.TRIES:
            return None
        if attempt:
            say(self.tr.gettext(NOT_RIGHT), stream=sys.stderr)
        return self._ask(self.tr.gettext(ASK))

    def tell(self, message: Message) -> None:
        say(f"planner: {message.text(self.tr)}", stream=sys.stderr)

    @staticmethod
    def _ask(prompt: str) -> str:
        from planner.store.keys import NOT_CHOSEN

        try:
            return getpass.getpass(prompt)
        except EOFError:
            raise StoreError(NOT_CHOSEN, faults.NO_KEY_SOURCE) from None


def say(text: object = "", *, stream: TextIO | None = None, end: str = "\n", flush: bool = False) -> None:
    """Print a message for a person, cleaned for the terminal (to standard output unless `stream`)."""
    out = stream or sys.stdout  # looked up now: sys.stdout may have been replaced
    out.write(for_terminal(text) + end)
    if flush:
        out.flush()


def say_json(data: Any, *, stream: TextIO | None = None) -> None:
    """Print data as JSON; characters a terminal could obey are written as \\u escapes, so nothing is lost."""
    out = stream or sys.stdout
    out.write(json_for_terminal(json.dumps(data, indent=2, ensure_ascii=False)) + "\n")


def fail(message: str, stream: TextIO | None = None, code: int = 1) -> int:
    """Say what went wrong (to standard error unless `stream`); return the exit code."""
    say(f"planner: {message}", stream=stream or sys.stderr)
    return code


def cleaned(stream: TextIO) -> TextIO:
    """`stream`, cleaning everything written to it for the terminal: for code that writes to a stream itself."""
    return cast(TextIO, Cleaned(stream))


class Cleaned(io.TextIOBase):
    """A text stream that cleans everything written to it for the terminal (see `cleaned`)."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.stream.write(for_terminal(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()


def output_refused(error: OutputError, tr: Translator | None = None) -> CommandError:
    """A refusal to write documents, as a command says it: with --force as the way out of a full folder."""
    from planner.output.write import FORCE_HINT, NOT_EMPTY  # here: the output stack is slow to import

    words = f"{error} {(tr or terminal_translator()).gettext(FORCE_HINT)}" if error.code == NOT_EMPTY else str(error)
    return CommandError(words, error.code)  # already in the person's language
