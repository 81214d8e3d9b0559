#pragma once
// The guided demo's captions, across the top of the window: a title and a paragraph in a font a
// class reads from the back of the room (two sizes), with the demo's own controls — stop at each
// new caption, larger text, close.

#include <QFrame>

class QCheckBox;
class QLabel;
class QPushButton;

namespace slb {

class CaptionBar : public QFrame {
    Q_OBJECT
public:
    explicit CaptionBar(QWidget* parent = nullptr);

    QString title() const;
    QString text() const;
    QString values() const;
    bool pausesOnCaptions() const;
    void setPausesOnCaptions(bool pause);
    bool largeText() const { return m_large; }
    /** Point size of the caption's paragraph now (its title is larger). */
    int textPointSize() const;

public Q_SLOTS:
    void setCaption(const QString& title, const QString& text, const QString& values = {});
    void setLargeText(bool large);
    /** Says "paused: press Resume (Space) to go on" under the caption, or hides it. */
    void setPausedHint(bool paused);

Q_SIGNALS:
    void closeRequested();
    void largeTextChanged(bool large);
    void pausesOnCaptionsChanged(bool pause);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void applyFonts();
    /** Wrapped labels get the height their text needs at their width: the layout of the
     *  window does not grow a bar whose caption gets a line longer. */
    void fitHeight();

    QLabel* m_title;
    QLabel* m_text;
    QLabel* m_values;
    QLabel* m_paused;
    QCheckBox* m_pauseBox;
    QPushButton* m_larger;
    bool m_large = false;
};

}  // namespace slb
