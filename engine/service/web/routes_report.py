"""POST /v1/report?format=html|xlsx: the report a validator hands back, over HTTP (the same as `rulebook check
--format html|xlsx`); for a PDF the HTML embeds the pages with the cells each finding reads outlined."""
from __future__ import annotations

import io
from typing import Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from engine.service.auth import require_checker
from engine.service.jobs import checked
from engine.service.routes_check import CHECK_BODY, REFUSALS
from engine.service.schemas import Lang
from engine.service.submission import Submission, read_submission

router = APIRouter()

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def report_job(served, submission: Submission, fmt: str, lang: str, name: str | None, max_json: int,
               keep_folder) -> tuple[bytes, str]:
    """Runs in a worker process: the report as the bytes of its file, and the submitted file's name."""
    source, raw, _ = submission.parts()
    _, report = checked(served, source, raw, lang, name, max_json, keep_folder)
    return rendered(report, source, raw, fmt, lang), source


def rendered(report, source: str, raw: bytes, fmt: str, lang: str) -> bytes:
    if fmt == "xlsx":
        from engine.reports.xlsx import write_xlsx

        buffer = io.BytesIO()
        write_xlsx([report], buffer, lang)
        return buffer.getvalue()
    from engine.reports.html import as_html

    sources = {report.file: raw} if report.file and source != "json" else {}  # never the server's disk
    return as_html([report], lang, sources).encode("utf-8")


@router.post("/v1/report", tags=["校验"], summary="校验并返回报告（HTML 或 Excel）",
             openapi_extra={"requestBody": CHECK_BODY}, dependencies=[Depends(require_checker)],
             responses={200: {"description": "自包含的 HTML 报告（PDF 的发现附页面图像并框出所读单元格）或 Excel 工作簿",
                              "content": {"text/html": {}, XLSX: {}}}, **REFUSALS})
async def report_endpoint(request: Request, format: Literal["html", "xlsx"] = Query("html", description="html 或 xlsx"),
                          lang: Lang = Query("zh"),
                          name: str | None = Query(None, max_length=200, description="报告中的文件名")) -> Response:
    """提交规范化 JSON 或上传公开文件（multipart，字段 file），返回交给部门的报告：`format=html` 为可直接打印（A4）的自包含
    网页，`format=xlsx` 为 Excel 工作簿（汇总表与问题表）。"""
    submission = await read_submission(request)
    settings = request.app.state.settings
    body, source = await request.app.state.runner.document(report_job, submission, format, lang, name,
                                                           settings.max_json, settings.keep_submissions)
    stem = (name or (source if source != "json" else "report")).rsplit(".", 1)[0] or "report"
    filename = f"{stem}-校验报告.{format}"
    disposition = "attachment" if format == "xlsx" else "inline"
    return Response(body, media_type=XLSX if format == "xlsx" else "text/html; charset=utf-8",
                    headers={"Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(filename)}"})
