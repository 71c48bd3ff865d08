"""Tests of scripts/docs' link check: `python3 scripts/lib/docs_links_test.py` (scripts/test runs it)."""
import importlib.machinery
import importlib.util
import os
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
_loader = importlib.machinery.SourceFileLoader('writ_docs', os.path.join(HERE, '..', 'docs'))
docs = importlib.util.module_from_spec(importlib.util.spec_from_loader('writ_docs', _loader))
_loader.exec_module(docs)

TARGET = '''# Title

## Bound inputs (`in`)

## Witness (`dev.writ.audit.Witness`)

## Repeated
## Repeated

<a id="explicit"></a>

```sh
## not a heading: inside a fence
```
'''


class LinkCheckTest(unittest.TestCase):

    def check(self, source):
        with tempfile.TemporaryDirectory() as root:
            os.makedirs(os.path.join(root, 'docs'))
            with open(os.path.join(root, 'docs', 'target.md'), 'w', encoding='utf-8') as f:
                f.write(TARGET)
            with open(os.path.join(root, 'README.md'), 'w', encoding='utf-8') as f:
                f.write(source)
            return docs.broken_links(root, ['README.md'])

    def test_links_to_existing_files_headings_and_ids_pass(self):
        self.assertEqual(self.check(
            '[a](docs/target.md) [b](docs/target.md#bound-inputs-in) [c](docs/target.md#witness-devwritauditwitness)\n'
            '[d](docs/target.md#repeated-1) [e](docs/target.md#explicit) [f](docs/) [g](#local)\n'
            '## Local\n[h](https://example.com/x.md#nowhere)\n'), [])

    def test_a_missing_file_is_named_with_its_line(self):
        self.assertEqual(self.check('text\n[a](docs/moved.md)\n'),
                         ['README.md:2: link to a missing file: docs/moved.md'])

    def test_a_missing_anchor_is_named(self):
        self.assertEqual(self.check('[a](docs/target.md#bound-inputs)\n'),
                         ['README.md:1: link to a missing anchor: docs/target.md#bound-inputs'])

    def test_a_heading_inside_a_code_fence_is_no_anchor(self):
        self.assertEqual(self.check('[a](docs/target.md#not-a-heading-inside-a-fence)\n'),
                         ['README.md:1: link to a missing anchor: docs/target.md#not-a-heading-inside-a-fence'])

    def test_links_inside_code_are_not_checked(self):
        self.assertEqual(self.check('`[a](missing.md)`\n```\n[b](missing.md)\n```\n'), [])


if __name__ == '__main__':
    unittest.main()
