"""The `rulebook` entry point. A `check` goes to a running check daemon first (engine/cli/client.py imports
almost nothing); otherwise, or when none answers, the command runs in this process exactly as before."""
from __future__ import annotations

from typing import Any


def run(args: list[str], obj: dict[str, Any] | None = None) -> int:
    """Run the command line `args` in this process and return its exit code (the check daemon runs it too, so
    its output, stderr and exit code are the in-process ones). `obj` seeds click's context object."""
    import gc
    import os

    # Start-up builds thousands of objects that live as long as the process (model classes, the compiled
    # rulebook): the cycle collector walking them again and again was ~0.12 s of a one-file check. Off until the
    # command is known; check turns it back on for a cluster and runs it by hand for a batch.
    gc.disable()
    import click

    from engine.cli.group import cli

    try:
        cli.main(args=args, prog_name="rulebook", obj=obj)
    except SystemExit as exc:
        return _exit_code(exc.code)
    except Exception as exc:  # a bug of ours: one clear line, not a traceback (RULEBOOK_DEBUG=1 shows it)
        if os.environ.get("RULEBOOK_DEBUG"):
            raise
        click.echo(f"rulebook 内部错误（internal error）：{type(exc).__name__}: {exc}。"
                   "请报告此问题；设置 RULEBOOK_DEBUG=1 可查看详细信息。", err=True)
        return 70
    return 0


def _exit_code(code: Any) -> int:
    """What the interpreter makes of sys.exit(code): None is 0, a message is printed and is 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    import sys

    print(code, file=sys.stderr)
    return 1


def main() -> None:
    import sys

    from engine.cli.client import forward

    code = forward(sys.argv[1:])
    if code is None:
        code = run(sys.argv[1:])
        import gc

        # The process ends here. Python collects once more as it exits, walking every object the command built (the
        # rulebook, the model classes, the report): ~0.05 s of a one-file check. Frozen objects are not walked;
        # exit handlers and the closing of files run as ever. (Not in `run`: the daemon's objects must stay collectable.)
        gc.freeze()
    sys.exit(code)


def __getattr__(name: str) -> Any:  # `from engine.cli.main import cli`: the group lives in engine/cli/group.py
    if name == "cli":
        from engine.cli.group import cli

        return cli
    raise AttributeError(name)


if __name__ == "__main__":  # python -m engine.cli.main
    main()
