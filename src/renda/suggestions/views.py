"""Suggestion pages. Each view parses input, calls one service, renders."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render

from . import queries
from .models import KeyNotice, Suggestion, SuggestionAttachment


@login_required
def suggestion_list(request):
    items = queries.suggestions_visible_to(user=request.user)[:50]
    return render(request, "suggestions/list.html", {"items": items})


@login_required
def suggestion_detail(request, pk):
    s = queries.suggestion_get_for(user=request.user, pk=pk)
    return render(request, "suggestions/detail.html", {"s": s})


suggestion_detail.model = Suggestion


@login_required
def attachment_download(request, pk):
    a = queries.attachment_get_for(user=request.user, pk=pk)
    return FileResponse(a.file.open("rb"), as_attachment=True, filename=a.name, content_type=a.mime)


attachment_download.model = SuggestionAttachment


@login_required
def key_notice_download(request, pk):
    n = queries.key_notice_get_for(user=request.user, pk=pk)
    from .documents import key_notice_docx

    data = key_notice_docx(n)
    return FileResponse(
        data,
        as_attachment=True,
        filename=f"{n.doc_number}.docx",
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


key_notice_download.model = KeyNotice
