"""Admin pages for platform administrators: users with their role, service providers."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from leerscan.accounts.access import role_of
from leerscan.accounts.models import Profile, ServiceProvider, Subcontractor
from leerscan.audit.models import Action
from leerscan.audit.services import record


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    fk_name = "user"


class UserWithRoleAdmin(UserAdmin):
    inlines = [ProfileInline]
    list_display = ("username", "email", "role", "is_active")

    def save_model(self, request, obj, form, change):
        request._role_before = _role(obj.pk)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        """A changed role (or administrator flag) goes into the audit trail with who changed it."""
        super().save_related(request, form, formsets, change)
        before, after = getattr(request, "_role_before", None), _role(form.instance.pk)
        if before != after:
            record(
                Action.ROLE_CHANGED,
                actor=request.user,
                target=form.instance.username,
                before=before,
                after=after,
            )

    @admin.display(description="role")
    def role(self, user):
        profile = getattr(user, "profile", None)
        return profile.get_role_display() if profile else ("admin" if user.is_superuser else "–")


def _role(user_pk) -> str | None:
    user = User.objects.select_related("profile").filter(pk=user_pk).first()
    return None if user is None else role_of(user)


admin.site.unregister(User)
admin.site.register(User, UserWithRoleAdmin)
admin.site.register(ServiceProvider, list_display=("name", "lot", "is_coordinator"))
admin.site.register(Subcontractor, list_display=("name", "enterprise_number", "service_provider"))


class AuthenticatorAdmin(TOTPDeviceAdmin):
    """Administrators list and delete authenticators (a colleague who lost their phone sets up a new
    one); the key and its QR code are shown only to their owner, on their own set-up page. (The
    library's config and QR pages also answered an unknown device with a server error.)"""

    def get_urls(self):
        return super(TOTPDeviceAdmin, self).get_urls()

    def qrcode_link(self, device):
        return "–"


admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, AuthenticatorAdmin)
