"""MkDocs hooks for kvconfig's docs site (mkdocs.yml: hooks).

The Markdown under docs/ is written for GitHub: links to the repository's own files are relative
(`../bootstrap/examples/kvconfig.yaml`). The site only holds docs/, so such links are rewritten to the file on
`repo_url`. `<!-- include-readme: Heading -->` in a page inserts that section of README.md, so the landing page's
comparison and module tables have one source.
"""
import os
import re

LINK = re.compile(r'(\]\()([^)\s]+)(\))')
INCLUDE = re.compile(r'^<!-- include-readme: (.+?) -->$', re.M)
HEADING = re.compile(r'^(#{1,6}) (.*)$')


def _split_fences(markdown):
    """Yields (is_code, text) chunks so links inside fenced code stay as written."""
    chunk, code = [], False
    for line in markdown.splitlines(keepends=True):
        if line.lstrip().startswith('```'):
            if not code:
                yield False, ''.join(chunk)
                chunk, code = [line], True
            else:
                chunk.append(line)
                yield True, ''.join(chunk)
                chunk, code = [], False
            continue
        chunk.append(line)
    yield code, ''.join(chunk)


def _rewrite(markdown, base_dir, page_dir, docs_dir, repo_root, blob_url):
    """Links written relative to base_dir: to pages relative to page_dir, to other repository files on blob_url."""
    def fix(match):
        target = match.group(2)
        if re.match(r'^[a-z][a-z0-9+.-]*:', target) or target.startswith(('#', '/')):
            return match.group(0)
        path, _, anchor = target.partition('#')
        absolute = os.path.normpath(os.path.join(base_dir, path))
        if absolute == docs_dir or absolute.startswith(docs_dir + os.sep):
            rel = os.path.relpath(absolute, page_dir)
            return match.group(1) + rel + ('#' + anchor if anchor else '') + match.group(3)
        kind = 'tree' if os.path.isdir(absolute) else 'blob'
        url = f'{blob_url}/{kind}/main/{os.path.relpath(absolute, repo_root)}' + ('#' + anchor if anchor else '')
        return match.group(1) + url + match.group(3)
    return ''.join(text if code else LINK.sub(fix, text) for code, text in _split_fences(markdown))


def _readme_section(readme, title, path):
    lines = readme.splitlines(keepends=True)
    start = level = None
    code = False
    for i, line in enumerate(lines):
        if line.lstrip().startswith('```'):
            code = not code
        m = None if code else HEADING.match(line.rstrip('\n'))
        if m and start is None and m.group(2) == title:
            start, level = i, len(m.group(1))
        elif m and start is not None and len(m.group(1)) <= level:
            return ''.join(lines[start:i])
    if start is None:
        raise ValueError(f'{path}: <!-- include-readme: {title} -->: README.md has no heading "{title}"')
    return ''.join(lines[start:])


def on_page_markdown(markdown, page, config, files):
    docs_dir = os.path.abspath(config['docs_dir'])
    repo_root = os.path.dirname(os.path.abspath(config['config_file_path']))
    blob_url = config['repo_url'].rstrip('/')
    page_dir = os.path.dirname(os.path.join(docs_dir, page.file.src_path))

    def include(match):
        with open(os.path.join(repo_root, 'README.md'), encoding='utf-8') as f:
            section = _readme_section(f.read(), match.group(1), page.file.src_path)
        return _rewrite(section, repo_root, page_dir, docs_dir, repo_root, blob_url)

    markdown = INCLUDE.sub(include, markdown)
    return _rewrite(markdown, page_dir, page_dir, docs_dir, repo_root, blob_url)
