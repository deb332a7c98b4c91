"""The start-up hook that teaches ``load_dataset`` the name "yinyang" without an import.

``yinyang_dataset_autoload.pth`` (installed into site-packages by ``setup.py``) imports this
module at every interpreter start. It only puts a finder first in ``sys.meta_path`` (stdlib only,
well under 2 ms, never imports datasets). Once ``datasets.load`` has run, the finder wraps its
``dataset_module_factory`` so that the exact name "yinyang" resolves to the module ``yinyang``,
imported only then; and ``import yinyang`` skips a ``yinyang/`` folder without ``__init__.py`` (a
namespace package that would shadow the builder in an editable install). Off with
``YINYANG_NO_AUTOLOAD=1``; every error is swallowed, so no other program's start-up can break.
"""

import os
import sys


class _Finder:
    yinyang_autoload = True  # one such finder per process

    def find_spec(self, fullname, path=None, target=None):
        if fullname == "datasets.load" or fullname == "yinyang":
            try:
                # Ask the finders after this one, as the import would.
                for finder in sys.meta_path[sys.meta_path.index(self) + 1:]:
                    if not hasattr(finder, "find_spec"):
                        continue
                    spec = finder.find_spec(fullname, path, target)
                    if spec is not None and (spec.origin is not None or fullname != "yinyang"):
                        if fullname == "datasets.load":
                            _patch_after(spec.loader)
                        return spec  # (a namespace folder named yinyang was skipped: origin None)
            except Exception:
                pass
        return None  # the import goes on as if this finder were not there


def _patch_after(loader):
    original = loader.exec_module

    def exec_module(module):  # runs once: this loader object serves this import only
        vars(loader).pop("exec_module", None)
        original(module)
        try:
            patch(module)
        except Exception:
            pass

    loader.exec_module = exec_module


def patch(load):
    """Wrap ``load.dataset_module_factory`` (``load`` is ``datasets.load``) unless done already."""
    original = getattr(load, "dataset_module_factory", None)
    if (original is None or getattr(original, "_yinyang_hook", False)
            or not hasattr(load, "DatasetModule")):
        return  # wrapped (by this hook or import yinyang), or moved: import yinyang explains that

    def dataset_module_factory(path, *args, **kwargs):
        if path != "yinyang":
            return original(path, *args, **kwargs)
        import yinyang

        if hasattr(yinyang, "_local_folder_wins"):
            if yinyang._local_folder_wins(path):  # a local folder wins, as in datasets
                return original(path, *args, **kwargs)
            return yinyang._dataset_module()
        if os.path.isdir(path):  # a package folder named yinyang: datasets decides what it is
            return original(path, *args, **kwargs)
        where = getattr(yinyang, "__file__", None) or list(getattr(yinyang, "__path__", []))
        raise ImportError(f"'import yinyang' gave {where}, not the yinyang-dataset builder: "
                          "something named yinyang earlier on sys.path shadows it")

    dataset_module_factory._yinyang_hook = True
    dataset_module_factory.__wrapped__ = original
    load.dataset_module_factory = dataset_module_factory


def install():
    """Put the finder first in sys.meta_path, once (also the entry point of the .start file)."""
    try:
        if os.environ.get("YINYANG_NO_AUTOLOAD", "") in ("", "0") and not any(
                getattr(finder, "yinyang_autoload", False) for finder in sys.meta_path):
            if "datasets.load" in sys.modules:
                patch(sys.modules["datasets.load"])
            sys.meta_path.insert(0, _Finder())
    except Exception:
        pass


install()
