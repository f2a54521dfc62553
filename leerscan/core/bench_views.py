"""The floor for the load benchmark: a bare view that writes one row. Only routed when
``LEERSCAN_BENCHMARK_ENDPOINTS=1`` (never in a normal deployment)."""

import secrets
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST


@csrf_exempt
@require_POST
def write_one_row(request):
    Session.objects.create(
        session_key=secrets.token_hex(16), session_data="x", expire_date=timezone.now() + timedelta(minutes=5)
    )
    return HttpResponse("ok")
