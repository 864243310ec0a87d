"""A visitor completes the self-check and asks for advice from the result page."""

from creditdesk.extensions import db
from creditdesk.models import AssessmentResult, Lead
from tests.integration.leads_support import form_data
from tests.integration.selfcheck_walk import band_b_answers, complete


def test_request_from_result_page_is_linked_to_the_result(app, client):
    location = complete(client, band_b_answers())
    data = form_data(client, url=location)
    assert data["assessment_token"] == location.rsplit("/", 1)[1]
    assert data["source_page"] == "self-check"
    response = client.post("/consult", data=data)
    assert response.status_code in (302, 303)
    with app.app_context():
        lead = db.session.execute(db.select(Lead)).scalar_one()
        result = db.session.get(AssessmentResult, lead.assessment_result_id)
        assert result.token == data["assessment_token"]
        assert result.band == "B"
        assert lead.source_page == "self-check"
        db.session.remove()


def test_consult_link_from_result_carries_the_result(app, client):
    location = complete(client, band_b_answers())
    token = location.rsplit("/", 1)[1]
    data = form_data(client, url=f"/consult?assessment={token}")
    assert data["assessment_token"] == token
    client.post("/consult", data=data)
    with app.app_context():
        lead = db.session.execute(db.select(Lead)).scalar_one()
        assert lead.assessment_result_id is not None
        db.session.remove()


def test_request_from_home_page_records_home_as_source(app, client):
    data = form_data(client, url="/")
    assert data["source_page"] == "home"
    client.post("/consult", data=data)
    with app.app_context():
        lead = db.session.execute(db.select(Lead)).scalar_one()
        assert lead.source_page == "home"
        db.session.remove()
