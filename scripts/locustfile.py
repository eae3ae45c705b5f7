"""Public traffic on the portal, for ``manage.py loadtest`` (which starts this with locust).

A visitor's mix, weighted as the logs of a disclosure portal look: most requests open a
document or a list of the 政策文件库, many search it, fewer walk the column pages, the
interpretations, the feeds and the API. Every URL comes from the database under test
(``LOADTEST_URLS``: a JSON file written by ``disclosure.ops.loadtest``), so nothing 404s by
accident. A response is a failure unless its status is 200 and it carries the text the page
must show.
"""

from __future__ import annotations

import json
import os
import random

from locust import FastHttpUser, constant, task

with open(os.environ["LOADTEST_URLS"], encoding="utf-8") as _file:
    URLS = json.load(_file)


def _pick(name: str):
    return random.choice(URLS[name])


class Visitor(FastHttpUser):
    # No think time: each simulated visitor is one connection kept busy, so the number
    # of visitors is the concurrency and the throughput is what the server manages.
    wait_time = constant(0)

    def _get(self, url: str, *, name: str, expect: str) -> None:
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif expect not in (response.text or ""):
                response.failure(f"the page lacks 「{expect}」")

    @task(25)
    def document(self):
        self._get(f"/zcwjk/{_pick('documents')}/", name="/zcwjk/<pk>/", expect="索引号")

    @task(15)
    def library_page(self):
        page = random.randint(1, 20)
        self._get(f"/zcwjk/?page={page}", name="/zcwjk/?page=", expect="政策文件库")

    @task(15)
    def search(self):
        self._get(f"/zcwjk/?q={_pick('queries')}", name="/zcwjk/?q=", expect="政策文件库")

    @task(6)
    def filtered(self):
        url = f"/zcwjk/?organization={_pick('organization_ids')}&theme={_pick('theme_ids')}"
        self._get(url, name="/zcwjk/?organization=&theme=", expect="政策文件库")

    @task(8)
    def agency_column(self):
        self._get(f"/xxgk/{_pick('slugs')}/", name="/xxgk/<org>/", expect="政府信息公开")

    @task(4)
    def statutory_content(self):
        self._get(
            f"/xxgk/{_pick('slugs')}/fdzdgknr/",
            name="/xxgk/<org>/fdzdgknr/",
            expect="法定主动公开内容",
        )

    @task(5)
    def home(self):
        self._get("/", name="/", expect="政府信息公开")

    @task(4)
    def column_index(self):
        self._get("/xxgk/", name="/xxgk/", expect="政府信息公开")

    @task(4)
    def interpretations(self):
        self._get("/zcjd/", name="/zcjd/", expect="政策解读")

    @task(3)
    def guide(self):
        self._get(f"/xxgk/{_pick('slugs')}/zn/", name="/xxgk/<org>/zn/", expect="指南")

    @task(2)
    def how_to_apply(self):
        self._get("/ysqgk/", name="/ysqgk/", expect="依申请公开")

    @task(6)
    def api(self):
        self._get("/api/v1/documents/", name="/api/v1/documents/", expect='"results"')

    @task(3)
    def feed(self):
        self._get("/zcwjk/rss/", name="/zcwjk/rss/", expect="<rss")
