from django.contrib import admin

from .models import Bundle, FormDefinition, SupportProgramme

admin.site.register(FormDefinition)
admin.site.register(Bundle)
admin.site.register(SupportProgramme)
