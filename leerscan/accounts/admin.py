"""Admin pages for platform administrators: users with their role, service providers."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from leerscan.accounts.models import Profile, ServiceProvider, Subcontractor


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    fk_name = "user"


class UserWithRoleAdmin(UserAdmin):
    inlines = [ProfileInline]
    list_display = ("username", "email", "role", "is_active")

    @admin.display(description="role")
    def role(self, user):
        profile = getattr(user, "profile", None)
        return profile.get_role_display() if profile else ("admin" if user.is_superuser else "–")


admin.site.unregister(User)
admin.site.register(User, UserWithRoleAdmin)
admin.site.register(ServiceProvider, list_display=("name", "lot", "is_coordinator"))
admin.site.register(Subcontractor, list_display=("name", "enterprise_number", "service_provider"))
