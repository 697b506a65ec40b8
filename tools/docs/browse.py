"""Walks the served docs site in headless Chromium (see browse.sh): index, then every navigation link."""
import os
import subprocess
import sys
from html.parser import HTMLParser
from urllib.parse import urljoin, urldefrag

FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync']


class PageDom(HTMLParser):
    """The parts of a Material page we check: <title>, the first <h1>, nav links, and the article's text size."""

    def __init__(self):
        super().__init__()
        self.title, self.h1, self.nav, self.article_chars = '', '', [], 0
        self._in = []
        self._h1_closed = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._in.append(tag)
        if tag == 'a' and 'md-nav__link' in (attrs.get('class') or '') and attrs.get('href'):
            self.nav.append(attrs['href'])

    def handle_endtag(self, tag):
        if tag == 'h1' and self.h1:
            self._h1_closed = True
        while self._in and self._in.pop() != tag:
            pass

    def handle_data(self, data):
        if 'title' in self._in:
            self.title += data
        if 'h1' in self._in and not self._h1_closed:
            self.h1 += data.replace('\u00b6', '')
        if 'article' in self._in:
            self.article_chars += len(data.strip())


def dump(url):
    """The DOM after Chromium loaded the page (scripts run)."""
    result = subprocess.run(['chromium', *FLAGS, '--user-data-dir=' + os.environ['CHROMIUM_PROFILE'],
                             '--dump-dom', url], capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f'chromium failed on {url}: {result.stderr.strip()[-500:]}')
    dom = PageDom()
    dom.feed(result.stdout)
    return dom


def main(base):
    index = dump(base)
    failures = []
    if not index.title or not index.h1.strip() or index.article_chars < 200:
        failures.append(f'{base}: the index did not render (title {index.title!r}, h1 {index.h1!r})')
    pages = []
    for href in index.nav:
        url = urldefrag(urljoin(base, href))[0]
        if url.startswith(base) and url not in pages:
            pages.append(url)
    print(f'index: {index.title.strip()!r}, h1 {index.h1.strip()!r}, {len(pages)} pages in the navigation')
    for url in pages:
        dom = dump(url)
        ok = dom.title.strip() and dom.h1.strip() and dom.article_chars > 0 and '404' not in dom.title
        print(f'{"ok  " if ok else "FAIL"} {url[len(base):] or "/"}: title {dom.title.strip()!r}, h1 {dom.h1.strip()!r},'
              f' {dom.article_chars} characters of content')
        if not ok:
            failures.append(url)
    if failures:
        print(f'{len(failures)} page(s) failed: ' + ', '.join(failures))
        return 1
    print(f'all {len(pages)} pages reached from the navigation rendered')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
