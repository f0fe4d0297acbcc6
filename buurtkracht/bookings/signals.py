"""Keep space claims right when a hall is divided or joined.

A divided hall claims its parts. When a room becomes a part of a hall (or stops being one), the occupying
dates of the hall are claimed again with the new set of parts, in the same transaction as the room change.
If that collides with a booking of the part, the room change is refused with a clear message.
"""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from buurtkracht.houses.models import Room


@receiver(pre_save, sender=Room, dispatch_uid="bookings_room_parent_before")
def remember_parent(sender, instance: Room, raw=False, **kwargs) -> None:
    if raw or not instance.pk:
        instance._bookings_old_parent_id = None
        return
    instance._bookings_old_parent_id = Room.objects.filter(pk=instance.pk).values_list("parent_id", flat=True).first()


@receiver(post_save, sender=Room, dispatch_uid="bookings_room_parent_after")
def reclaim_halls(sender, instance: Room, created=False, raw=False, **kwargs) -> None:
    if raw:
        return
    old = getattr(instance, "_bookings_old_parent_id", None)
    halls = {pk for pk in (old, instance.parent_id) if pk and (created or old != instance.parent_id)}
    if halls:
        from buurtkracht.bookings.services.conflicts import reclaim_rooms

        reclaim_rooms(halls)
