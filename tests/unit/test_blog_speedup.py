from __future__ import annotations

from blog_speedup import IdentityMembershipList


class Same:
    """Objects that are all equal to each other, as pages with one title and file would be."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Same)

    __hash__ = object.__hash__


def test_membership_is_by_identity_and_follows_changes() -> None:
    a, b, c = Same(), Same(), Same()
    posts = IdentityMembershipList([a, b])
    assert a in posts and b in posts and c not in posts
    posts.append(c)
    assert c in posts
    posts.remove(a)  # list.remove uses ==, so it removes the first equal item: a
    assert a not in posts and posts == [b, c]
    posts[0] = a
    assert a in posts and b not in posts
    posts += [b]
    assert isinstance(posts, IdentityMembershipList) and b in posts
    del posts[:]
    assert a not in posts and list(posts) == []
    posts.extend([a])
    posts.insert(0, c)
    assert [x is y for x, y in zip(posts, [c, a], strict=True)] == [True, True]
    assert posts.pop() is a and a not in posts
    posts.clear()
    assert c not in posts
