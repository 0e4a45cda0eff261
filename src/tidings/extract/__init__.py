"""Extraction stages, each a spaCy component writing its results on ``Doc._``.

=============  ====================  ==========================================
module         component             writes / offers
=============  ====================  ==========================================
actors         tidings_entity_ruler  fixes NER spans for known actors/outlets/places
actors         tidings_actors        doc._.actors: list[ActorMention];
                                     roles_for(doc, token) -> (actor, recipient)
places         tidings_places        doc._.toponyms: list[ToponymMention];
                                     location_for(doc, token) -> Location | None
dates          tidings_dates         doc._.timexes: list[Timex];
                                     date_for(doc, token) -> DateInfo
events         tidings_events        doc._.triggers: list[Trigger]
attribution    (functions)           attribution_for(doc, token), modality_for(...)
fatalities     (functions)           fatalities_for(doc, token) -> int | None
assemble       tidings_assemble      doc._.events: list[Event]
=============  ====================  ==========================================

``token`` above is the trigger's head token (a spaCy ``Token``).
"""
