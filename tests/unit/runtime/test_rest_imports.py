"""What the daemon leaves unloaded at rest: modules only a mistake or another path needs."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

# In a fresh interpreter: load a config (clean, then with a mistyped key) as the daemon
# does, and say whether difflib (for "did you mean") was loaded after each.
CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    import ergo.runtime.daemon
    from ergo.config import ConfigError, load_config

    folder = Path(sys.argv[1])
    clean = load_config(folder / "clean.yaml", folder / "org.yaml", environ={})
    print("difflib" in sys.modules)
    try:
        load_config(folder / "typo.yaml", folder / "org.yaml", environ={})
    except ConfigError as error:
        print("difflib" in sys.modules, error.problems[0])
""")


def test_difflib_is_loaded_only_to_suggest_a_fix(tmp_path: Path):
    (tmp_path / "org.yaml").write_text("")
    (tmp_path / "clean.yaml").write_text("language: en\n")
    (tmp_path / "typo.yaml").write_text("langauge: en\n")
    done = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path)], capture_output=True,
                          text=True, check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    clean, typo = done.stdout.splitlines()
    assert clean == "False"
    assert typo.startswith("True ") and "did you mean 'language'?" in typo
