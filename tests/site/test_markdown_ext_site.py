"""The Python-Markdown extension and the MkDocs build link the same terms on every post: one code path."""

from __future__ import annotations

import os
import posixpath

import lxml.html
import markdown
import pytest
from siteutil import ROOT, Build
from tce_site.zensical import ToolkitExtension
from tce_toolkit.shortcuts import ShortcutExtension
from tce_toolkit.titles import TitleTextExtension


@pytest.fixture(scope="module")
def project():
    from tce_site.project import load_project

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        yield load_project(str(ROOT / "mkdocs.yml"))
    finally:
        os.chdir(cwd)


def _links(tree: lxml.html.HtmlElement, page_url: str) -> list[tuple[str, str]]:
    found = []
    for link in tree.find_class("tce-glossary-term"):
        target = posixpath.normpath(posixpath.join(page_url, link.get("href")))
        found.append((link.text_content(), target, link.get("title")))
    return found


def test_every_post_links_the_same_terms_as_the_built_site(project, project_build: Build) -> None:
    config, series = project.config, project.build.model()
    ours = (TitleTextExtension, ShortcutExtension)
    site_extensions = [ext for ext in config.markdown_extensions if not isinstance(ext, ours)]
    ext = ToolkitExtension(series, templates=ROOT / "overrides", site_name=config.site_name)
    assert series.posts
    for post in series.posts:
        body = ext.page_source(post.src_uri, ROOT / "docs")
        md = markdown.Markdown(extensions=[*site_extensions, ext], extension_configs=config.mdx_configs)
        converted = lxml.html.fragment_fromstring(md.convert(body), create_parent="div")
        built = lxml.html.fromstring(project_build.read(post.url + "index.html"))
        article = built.find_class("md-content__inner")[0]
        assert _links(converted, post.url) == _links(article, post.url), post.src
        assert _links(converted, post.url), post.src  # every post of the series uses some term
        place = converted.xpath("//*[@data-series-part]")[0]
        assert place.get("data-series-part") == str(post.part)
