"""Phone digits in an inbox search string (the mask itself is creditdesk.leads.phone's)."""


def phone_digits(text: str) -> str:
    """Return the ASCII digits of a search string, full-width digits included."""
    return "".join(str(int(c)) for c in text if c.isdecimal() and c.isascii()
                   or "０" <= c <= "９")
